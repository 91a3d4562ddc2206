// Plasticity configs (engine/plasticity.hpp; docs/plasticity.md has the equations): every field by
// its C++ name, constructible by keywords, e.g. StdpRule(enabled=True, a_plus=0.1).
#include "engine/plasticity.hpp"
#include "python/bindings/bindings.hpp"

namespace engram::python {

void bind_plasticity(py::module_& m) {
  py::class_<stdp_rule> stdp(m, "StdpRule", "Pair-based STDP with traces (engram::stdp_rule). enabled=False: no STDP.");
  py::enum_<stdp_rule::pairing> pairing(stdp, "Pairing");
  pairing.value("all_to_all", stdp_rule::pairing::all_to_all).value("nearest", stdp_rule::pairing::nearest);
  named_by_strings(pairing);
  py::enum_<stdp_rule::bounds> bounds(stdp, "Bounds");
  bounds.value("additive", stdp_rule::bounds::additive).value("multiplicative", stdp_rule::bounds::multiplicative);
  named_by_strings(bounds);
  py::enum_<stdp_rule::target> target(stdp, "Target", "Where a change goes: the weight, a derivative (spnet), an eligibility trace (R-STDP).");
  target.value("weight", stdp_rule::target::weight)
      .value("derivative", stdp_rule::target::derivative)
      .value("eligibility", stdp_rule::target::eligibility);
  named_by_strings(target);
  keyword_init<stdp_rule>(stdp);
  stdp.def_readwrite("enabled", &stdp_rule::enabled)
      .def_readwrite("pairs", &stdp_rule::pairs)
      .def_readwrite("bound", &stdp_rule::bound)
      .def_readwrite("applies_to", &stdp_rule::applies_to)
      .def_readwrite("a_plus", &stdp_rule::a_plus)
      .def_readwrite("a_minus", &stdp_rule::a_minus)
      .def_readwrite("tau_plus_ms", &stdp_rule::tau_plus_ms)
      .def_readwrite("tau_minus_ms", &stdp_rule::tau_minus_ms)
      .def_readwrite("tau_triplet_ms", &stdp_rule::tau_triplet_ms)
      .def_readwrite("derivative_period_ms", &stdp_rule::derivative_period_ms)
      .def_readwrite("derivative_bias", &stdp_rule::derivative_bias)
      .def_readwrite("derivative_decay", &stdp_rule::derivative_decay);

  py::class_<rstdp_rule> rstdp(m, "RstdpRule", "Reward-modulated STDP (engram::rstdp_rule): the eligibility read by a dopamine channel.");
  keyword_init<rstdp_rule>(rstdp);
  rstdp.def_readwrite("tau_e_ms", &rstdp_rule::tau_e_ms)
      .def_readwrite("dopamine", &rstdp_rule::dopamine, "the dopamine channel's name; '' is the global channel")
      .def_readwrite("reference", &rstdp_rule::reference, "NaN: the channel's baseline")
      .def_readwrite("apply_every_ms", &rstdp_rule::apply_every_ms)
      .def_readwrite("gain", &rstdp_rule::gain);

  py::class_<bcm_rule> bcm(m, "BcmRule", "BCM-style scaling of the STDP amplitudes by the post rate (engram::bcm_rule).");
  keyword_init<bcm_rule>(bcm);
  bcm.def_readwrite("enabled", &bcm_rule::enabled).def_readwrite("target_hz", &bcm_rule::target_hz).def_readwrite("max_gain", &bcm_rule::max_gain);

  py::class_<scaling_rule> scaling(m, "ScalingRule", "Synaptic scaling toward a target rate (engram::scaling_rule).");
  keyword_init<scaling_rule>(scaling);
  scaling.def_readwrite("enabled", &scaling_rule::enabled)
      .def_readwrite("target_hz", &scaling_rule::target_hz)
      .def_readwrite("eta", &scaling_rule::eta)
      .def_readwrite("period_ms", &scaling_rule::period_ms)
      .def_readwrite("max_step", &scaling_rule::max_step);

  py::class_<normalisation_rule> normalise(m, "NormalisationRule", "Incoming weight sums rescaled every period (engram::normalisation_rule).");
  keyword_init<normalisation_rule>(normalise);
  normalise.def_readwrite("enabled", &normalisation_rule::enabled)
      .def_readwrite("target_sum", &normalisation_rule::target_sum)
      .def_readwrite("period_ms", &normalisation_rule::period_ms);

  py::class_<stp_rule> stp(m, "StpRule", "Tsodyks-Markram short-term plasticity (engram::stp_rule).");
  keyword_init<stp_rule>(stp);
  stp.def_readwrite("enabled", &stp_rule::enabled)
      .def_readwrite("U", &stp_rule::U)
      .def_readwrite("tau_rec_ms", &stp_rule::tau_rec_ms)
      .def_readwrite("tau_fac_ms", &stp_rule::tau_fac_ms);

  py::class_<protection_rule> protect(m, "ProtectionRule",
                                      "Selective plasticity (engram::protection_rule, docs/continual.md): importance from "
                                      "pre/post coincidences, gates set at each consolidation.");
  keyword_init<protection_rule>(protect);
  protect.def_readwrite("enabled", &protection_rule::enabled)
      .def_readwrite("sharpness", &protection_rule::sharpness)
      .def_readwrite("quantile", &protection_rule::quantile)
      .def_readwrite("min_gate", &protection_rule::min_gate)
      .def_readwrite("warmup_ms", &protection_rule::warmup_ms)
      .def_readwrite("per_neuron", &protection_rule::per_neuron);

  py::class_<plasticity_config> config(m, "PlasticityConfig",
                                       "A projection's rules (engram::plasticity_config); the default is static. "
                                       "Bounds are on weight magnitudes; w_max is required by a weight-changing rule.");
  keyword_init<plasticity_config>(config);
  config.def_readwrite("stdp", &plasticity_config::stdp)
      .def_readwrite("rstdp", &plasticity_config::rstdp)
      .def_readwrite("bcm", &plasticity_config::bcm)
      .def_readwrite("scaling", &plasticity_config::scaling)
      .def_readwrite("normalise", &plasticity_config::normalise)
      .def_readwrite("stp", &plasticity_config::stp)
      .def_readwrite("protect", &plasticity_config::protect)
      .def_readwrite("w_min", &plasticity_config::w_min)
      .def_readwrite("w_max", &plasticity_config::w_max)
      .def_readwrite("frozen", &plasticity_config::frozen, "start frozen: no weight changes until unfrozen")
      .def("changes_weights", &plasticity_config::changes_weights);

  py::class_<homeostasis_config> homeostasis(m, "HomeostasisConfig", "A population's adaptive threshold and rate estimate (engram::homeostasis_config).");
  keyword_init<homeostasis_config>(homeostasis);
  homeostasis.def_readwrite("adaptive_threshold", &homeostasis_config::adaptive_threshold)
      .def_readwrite("theta_increment", &homeostasis_config::theta_increment)
      .def_readwrite("theta_tau_ms", &homeostasis_config::theta_tau_ms)
      .def_readwrite("theta_init", &homeostasis_config::theta_init)
      .def_readwrite("rate_tau_ms", &homeostasis_config::rate_tau_ms);

  py::class_<dopamine_channel> channel(m, "DopamineChannel", "A dopamine channel: baseline, and the decay of its phasic part.");
  keyword_init<dopamine_channel>(channel);
  channel.def_readwrite("name", &dopamine_channel::name)
      .def_readwrite("baseline", &dopamine_channel::baseline)
      .def_readwrite("tau_ms", &dopamine_channel::tau_ms);

  py::class_<reward_contingency> contingency(m, "RewardContingency",
                                             "Closed-loop reward: dopamine after the post neuron fires within a window of the pre neuron.");
  keyword_init<reward_contingency>(contingency);
  contingency.def_readwrite("channel", &reward_contingency::channel)
      .def_readwrite("pre_population", &reward_contingency::pre_population)
      .def_readwrite("post_population", &reward_contingency::post_population)
      .def_readwrite("pre_neuron", &reward_contingency::pre_neuron)
      .def_readwrite("post_neuron", &reward_contingency::post_neuron)
      .def_readwrite("window_ms", &reward_contingency::window_ms)
      .def_readwrite("delay_min_ms", &reward_contingency::delay_min_ms)
      .def_readwrite("delay_max_ms", &reward_contingency::delay_max_ms)
      .def_readwrite("amount", &reward_contingency::amount);
}

}  // namespace engram::python
