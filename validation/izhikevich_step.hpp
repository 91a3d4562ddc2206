#pragma once
// The neuron update shared by the validation programs (none of Engram's code): one millisecond of
// an Izhikevich neuron with b = 0.2, c = -65, in either integration scheme.
//   paper's scheme: two 0.5 ms steps of v, then one 1 ms step of u; the spike (v >= 30) is seen
//                   and reset at the start of the next millisecond, by the caller;
//   Engram's:       u moves with each half step and the neuron resets at the crossing; `crossed`
//                   tells the caller that it spiked during this millisecond.

// Advances v, u by 1 ms under input I.
inline void izhikevich_ms(double& v, double& u, double a, double d, double I, bool engram_scheme, char& crossed) {
  if (engram_scheme) {
    crossed = 0;
    for (int h = 0; h < 2; ++h) {
      v += 0.5 * ((0.04 * v + 5.0) * v + 140.0 - u + I);
      u += 0.5 * a * (0.2 * v - u);
      if (v >= 30.0) {
        crossed = 1;
        v = -65.0;
        u += d;
      }
    }
  } else {
    v += 0.5 * ((0.04 * v + 5.0) * v + 140.0 - u + I);
    v += 0.5 * ((0.04 * v + 5.0) * v + 140.0 - u + I);
    u += a * (0.2 * v - u);
  }
}
