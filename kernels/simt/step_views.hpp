#pragma once
// Plain views of the device arrays, filled by host code and passed by value to kernels. No CUDA
// types here, so that both the .cu kernels and the host .cpp files include it.
#include <cstdint>

#include "engine/state.hpp"
#include "kernels/common/neuron_update.hpp"

namespace engram::cuda {

// Counters the device advances itself, so that a captured step graph needs no new parameters.
struct step_counters {
  uint64_t step;             // index of the step the next phase simulates
  uint64_t events;           // synaptic events delivered (sum of the row lengths walked)
  uint64_t recorded_spikes;  // entries used in the record buffer
  uint32_t recorded_steps;   // steps held in the record buffer
  uint32_t record_overflow;  // 1 if a record did not fit (the host reserves room, so a bug)
  uint32_t spike_count;      // spikes of the last integration (the length of `spikes`)
  uint32_t spike_cursor;     // where an integrating neuron step appends its spikes; 0 between launches
  uint64_t chunk_spikes;     // spikes of the complete steps since run_steps began its chunk
  uint32_t blocks_done;      // the integrating launch's blocks that have appended (the device's last-block ticket)
  uint32_t unused;
};

// Per-population constants, precomputed on the host exactly as the CPU backend computes them.
struct population_view {
  uint32_t first, size;
  rng_stream rng;    // the Poisson-source draws (population_range::rng)
  neuron_kind kind;
  izhikevich_integration izhikevich;  // izhikevich: izhikevich_integration_of, as the CPU computes it
  lif_constants lif;
  lif_cond_constants cond;  // lif_cond
  uint8_t adaptive;  // the threshold adapts: step_view::theta holds theta per neuron
};

// A random_pulse input and where its hit counters live.
struct pulse_view {
  uint32_t input;        // index into the inputs
  uint32_t first_pulse;  // pulses of earlier pulse inputs
};

struct projection_view {
  uint32_t pre_first, pre_count;
  const uint64_t* row_ptr;
  uint32_t post_first;
  const uint32_t* packed;  // target (within the post population) and delay per synapse
  synapse_code code;
  const float* weight;
  uint32_t channel;      // ring channel (synapse_table::channel)
  // STP and transmitter modulation (kernels/common/plasticity_stp.hpp): when `modulated`, a spike
  // transmits w x modulation, times u x with STP. With STP, u and x are per presynaptic neuron and
  // the stp_release kernel leaves each spiking neuron's factor in `release` before delivery
  // (all three null without STP).
  uint8_t modulated;
  float modulation;
  float *stp_u, *stp_x, *release;
  float stp_U;
  // Dendritic attenuation (synapse_table::dendrite_*; kernels/common/dendrites.hpp): 0 choices, none.
  uint32_t dendrite_choices, dendrite_key;
  float dendrite_gain[max_compartment_choices];
};

// Everything a step reads and writes.
struct step_view {
  uint32_t neuron_count;
  uint32_t ring_slots;
  uint64_t seed;
  step_counters* counters;

  // neuron state and parameters
  float *v, *u, *i_syn, *g_inh;
  int32_t* refractory;
  const float *a, *b, *c, *d;
  const double* spike_probability;
  const population_view* populations;
  uint32_t population_count;
  const float* theta;  // adaptive thresholds per neuron (plasticity), or null

  // inputs
  const compiled_input* inputs;
  uint32_t input_count;
  const pulse_view* pulses;
  uint32_t pulse_input_count;
  uint32_t pulses_per_step;  // over all pulse inputs
  uint32_t* pulse_hits;      // [pulse input][neuron]: pulses that hit the neuron this step
  const uint64_t* schedule_step;
  const uint32_t* schedule_neuron;  // sorted by (step, neuron)
  uint64_t schedule_size;

  // per-step scratch and the delay ring (channel-major, then slot-major: channels x ring_slots x
  // neuron_count; network_state::ring)
  float* i_ext;
  uint8_t* fired;
  uint32_t* spikes;  // this step's spiking neurons, in the order their threads appended them (not ascending)
  int64_t* ring;
  uint32_t* spike_counts;  // spikes per neuron since the host last read them

  const projection_view* projections;
  uint32_t projection_count;

  // record buffer
  uint32_t* record_neuron;
  uint32_t* record_step_count;
  uint64_t record_capacity;
  uint32_t record_step_capacity;
};

}  // namespace engram::cuda
