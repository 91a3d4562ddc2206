#include "engine/simulator.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "engine/errors.hpp"
#include "engine/growth.hpp"
#include "engine/layout.hpp"
#include "engine/state_check.hpp"
#include "engine/state_reset.hpp"

namespace engram {

simulator::simulator(const network& net, std::unique_ptr<backend> b) : backend_(std::move(b)) {
  if (!backend_) throw internal_error("simulator needs a backend");
  network_state initial = initial_state(net);
  require_plasticity_support(initial);
  adopt(initial);  // populations, names and rules: building the synapses changes none of them
  backend_->build(net, std::move(initial));
  if (growth_interval_ > 0) {  // births and row capacities need the built synapses
    network_state s = backend_->export_state();
    prepare_growth(s);
    backend_->load(std::move(s));
  }
  const backend::synapse_footprint f = backend_->footprint();  // no synapse is copied to count them
  synapse_count_ = f.synapses;
  synapse_bytes_ = f.bytes;
}

simulator::simulator(network_state state, std::unique_ptr<backend> b) : backend_(std::move(b)) {
  if (!backend_) throw internal_error("simulator needs a backend");
  check_state(state, "state");
  require_plasticity_support(state);
  adopt(state);
  backend_->load(std::move(state));
}

void simulator::adopt(const network_state& s) {
  layout_.populations = s.populations;
  step_ = s.step;
  dt_ms_ = s.dt_ms;
  neuron_count_ = s.neuron_count();
  synapse_count_ = s.synapse_count();
  synapse_bytes_ = s.synapse_bytes();
  plastic_ = s.plasticity.active();
  dopamine_channels_.clear();
  for (const auto& d : s.plasticity.dopamine) dopamine_channels_.push_back(d.name);
  plastic_projections_.clear();
  for (const auto& p : s.plasticity.projections) plastic_projections_.push_back(s.projections[p.projection].name);
  input_count_ = s.inputs.size();
  projection_names_.clear();
  for (const auto& t : s.projections) projection_names_.push_back(t.name);
  growth_interval_ = s.growth.active() ? s.growth.interval_steps : 0;
  growth_log_ = s.growth.log;
}

synapse_table simulator::projection_table(size_t projection) const {
  if (projection >= projection_names_.size())
    throw invalid_parameter(fmt::format("projection {} out of range ({} projections)", projection, projection_names_.size()));
  if (const network_state* resident = backend_->host_resident_state()) return resident->projections[projection];
  return export_state().projections[projection];
}

void simulator::require_plasticity_support(const network_state& s) const {
  if (s.plasticity.active() && !backend_->supports_plasticity())
    throw backend_unavailable(fmt::format("this network has plasticity (plastic, STP or modulated projections, homeostasis or "
                                          "dopamine), which the {} backend does not implement yet; use --backend cpu",
                                          backend_->name()));
}

void simulator::reward(double amount, const std::string& channel) {
  for (uint32_t i = 0; i < dopamine_channels_.size(); ++i)
    if (dopamine_channels_[i] == channel) return backend_->add_dopamine(i, static_cast<float>(amount));
  std::string known;
  for (const auto& c : dopamine_channels_) known += (known.empty() ? "'" : ", '") + c + "'";
  throw invalid_parameter(fmt::format("no dopamine channel '{}' in this network (channels: {})", channel,
                                      known.empty() ? "none: no projection uses R-STDP" : known));
}

void simulator::set_frozen(const std::string& projection, bool frozen) {
  for (uint32_t i = 0; i < plastic_projections_.size(); ++i)
    if (plastic_projections_[i] == projection) return backend_->set_frozen(i, frozen);
  throw invalid_parameter(fmt::format("projection '{}' has no plasticity to {}", projection, frozen ? "freeze" : "unfreeze"));
}

const population_range& simulator::population_named(const std::string& name) const {
  for (const auto& p : layout_.populations)
    if (p.name == name) return p;
  std::string known;
  for (const auto& p : layout_.populations) known += (known.empty() ? "" : ", ") + p.name;
  throw invalid_parameter(fmt::format("no population '{}' in this network (populations: {})", name, known));
}

void simulator::set_rates(const std::string& population, const std::vector<float>& rates_hz) {
  const population_range& p = population_named(population);
  if (p.kind != neuron_kind::poisson_source)
    throw invalid_parameter(fmt::format("population '{}' is not a Poisson source; only their rates can be set", population));
  if (rates_hz.size() != p.size)
    throw invalid_parameter(fmt::format("population '{}' has {} neurons, got {} rates", population, p.size, rates_hz.size()));
  std::vector<double> probabilities(p.size);
  for (uint32_t i = 0; i < p.size; ++i) {
    if (!std::isfinite(rates_hz[i]) || rates_hz[i] < 0)
      throw invalid_parameter(fmt::format("rate {} of neuron {} of '{}' must be finite and >= 0", rates_hz[i], i, population));
    probabilities[i] = spike_probability_of(rates_hz[i], dt_ms_);
  }
  backend_->set_spike_probabilities(p.first, probabilities);
}

void simulator::set_input_amplitude(size_t input, double amplitude) {
  if (input >= input_count_) throw invalid_parameter(fmt::format("input {} out of range ({} inputs)", input, input_count_));
  if (!std::isfinite(amplitude)) throw invalid_parameter(fmt::format("input amplitude {} must be finite", amplitude));
  backend_->set_input_amplitude(static_cast<uint32_t>(input), static_cast<float>(amplitude));
}

void simulator::reset(const std::vector<std::string>& populations) {
  std::vector<uint32_t> ordinals;
  for (const auto& name : populations)
    ordinals.push_back(static_cast<uint32_t>(&population_named(name) - layout_.populations.data()));
  backend_->reset_populations(ordinals);
}

void simulator::clear_eligibility(const std::vector<std::string>& projections) {
  std::vector<uint32_t> entries;
  for (const auto& name : projections) {
    const auto it = std::find(plastic_projections_.begin(), plastic_projections_.end(), name);
    if (it == plastic_projections_.end()) throw invalid_parameter(fmt::format("projection '{}' has no plasticity", name));
    entries.push_back(static_cast<uint32_t>(it - plastic_projections_.begin()));
  }
  backend_->clear_learning_signals(entries, {});
}

void simulator::reset_dopamine(const std::vector<std::string>& channels) {
  std::vector<uint32_t> ordinals;
  for (const auto& name : channels) {
    const auto it = std::find(dopamine_channels_.begin(), dopamine_channels_.end(), name);
    if (it == dopamine_channels_.end()) throw invalid_parameter(fmt::format("no dopamine channel '{}' in this network", name));
    ordinals.push_back(static_cast<uint32_t>(it - dopamine_channels_.begin()));
  }
  backend_->clear_learning_signals({}, ordinals);
}

void simulator::consolidate(const std::vector<std::string>& projections) {
  std::vector<uint32_t> entries;
  for (const auto& name : projections) {
    const auto it = std::find(plastic_projections_.begin(), plastic_projections_.end(), name);
    if (it == plastic_projections_.end()) throw invalid_parameter(fmt::format("projection '{}' has no plasticity", name));
    entries.push_back(static_cast<uint32_t>(it - plastic_projections_.begin()));
  }
  backend_->consolidate(entries, step_);
}

void simulator::set_surprise(const std::string& projection, double surprise) {
  const auto it = std::find(plastic_projections_.begin(), plastic_projections_.end(), projection);
  if (it == plastic_projections_.end()) throw invalid_parameter(fmt::format("projection '{}' has no plasticity", projection));
  if (!(surprise >= 0 && surprise <= 1)) throw invalid_parameter(fmt::format("surprise {} must be in [0, 1]", surprise));
  backend_->set_surprise(static_cast<uint32_t>(it - plastic_projections_.begin()), static_cast<float>(surprise));
}

void simulator::lesion(const std::string& population, const std::vector<uint32_t>& neurons) {
  const population_range& p = population_named(population);
  std::vector<uint32_t> ids;
  for (uint32_t i : neurons) {
    if (i >= p.size) throw invalid_parameter(fmt::format("neuron {} of '{}' out of range ({} neurons)", i, population, p.size));
    ids.push_back(p.first + i);
  }
  backend_->disconnect_neurons(ids);
}

void simulator::set_weights(size_t projection, const std::vector<float>& weights) {
  if (projection >= projection_names_.size())
    throw invalid_parameter(fmt::format("projection {} out of range ({} projections)", projection, projection_names_.size()));
  backend_->set_weights(static_cast<uint32_t>(projection), weights);
}

size_t simulator::projection_index(const std::string& name) const {
  const auto it = std::find(projection_names_.begin(), projection_names_.end(), name);
  if (it != projection_names_.end()) return static_cast<size_t>(it - projection_names_.begin());
  std::string known;
  for (const auto& p : projection_names_) known += (known.empty() ? "" : ", ") + p;
  throw invalid_parameter(fmt::format("no projection '{}' in this network (projections: {})", name, known.empty() ? "none" : known));
}

std::vector<uint32_t> simulator::take_spike_counts(const std::string& population) {
  const population_range& p = population_named(population);
  return backend_->take_spike_counts(p.first, p.size);
}

void simulator::step() {
  backend_->apply_inputs(step_);
  backend_->integrate(step_);
  backend_->deliver(step_);
  if (plastic_) backend_->plasticity(step_);
  if (recording_) backend_->record(step_);
  spikes_total_ += backend_->spike_count_last_step();
  ++step_;
  after_step();
}

void simulator::run_steps(uint64_t n) {
  while (n > 0) {  // chunks end where a growth phase is due
    const uint64_t chunk = growth_interval_ ? std::min<uint64_t>(n, growth_interval_ - step_ % growth_interval_) : n;
    spikes_total_ += backend_->run_steps(step_, chunk, plastic_, recording_);
    step_ += chunk;
    n -= chunk;
    after_step();
  }
}

void simulator::after_step() {
  if (growth_interval_ == 0 || step_ % growth_interval_ != 0) return;
  const std::vector<growth_record> records = backend_->grow(step_ - 1);
  growth_log_.insert(growth_log_.end(), records.begin(), records.end());
  const backend::synapse_footprint f = backend_->footprint();
  synapse_count_ = f.synapses;
  synapse_bytes_ = f.bytes;
}

network_state simulator::export_state() const {
  network_state s = backend_->export_state();
  s.step = step_;
  return s;
}

}  // namespace engram
