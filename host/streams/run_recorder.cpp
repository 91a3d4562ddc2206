#include "host/streams/run_recorder.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "engine/errors.hpp"
#include "host/analysis/excitatory_graph.hpp"
#include "host/io/hdf5_io.hpp"
#include "host/io/snapshot_growth.hpp"
#include "host/io/sonata_writer.hpp"
#include "host/streams/metrics_stream.hpp"
#include "host/streams/probe_stream.hpp"
#include "host/streams/weight_stream.hpp"

namespace engram {

struct run_recorder::files {
  std::unique_ptr<sonata_writer> spikes;
  std::vector<std::unique_ptr<weight_stream>> weights;
  std::vector<std::unique_ptr<probe_stream>> probes;
  std::unique_ptr<metrics_stream> metrics;
};

run_recorder::run_recorder(recording_plan plan, const simulator& sim)
    : plan_(std::move(plan)), sample_(sim.populations(), plan_.sample), files_(std::make_unique<files>()) {
  const auto& pops = sim.populations();
  if (plan_.out.empty() && (!plan_.weight_projections.empty() || !plan_.probes.empty() || plan_.metrics_every))
    throw invalid_parameter("recording weights, membrane probes or metrics needs a run file (--out FILE.h5)");
  if (plan_.out.empty() && !plan_.sample.all()) throw invalid_parameter("--record-sample needs a run file (--out FILE.h5)");
  const auto& names = sim.projection_names();
  for (const auto& name : plan_.weight_projections) {
    bool found = false;
    for (size_t p = 0; p < names.size(); ++p)
      if (name == "all" || names[p] == name) {
        weight_projections_.push_back(p);
        found = true;
      }
    if (!found) {
      std::string known;
      for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
      throw invalid_parameter(fmt::format("no projection named '{}' to record (known: {})", name, known));
    }
  }
  for (const auto& probe : plan_.probes) {
    const population_range* range = nullptr;
    for (const auto& p : pops)
      if (p.name == probe.population) range = &p;
    if (!range) throw invalid_parameter(fmt::format("no population named '{}' to probe", probe.population));
    std::vector<uint32_t> ids;
    for (uint32_t n : probe.neurons) {
      if (n >= range->size)
        throw invalid_parameter(fmt::format("probe {}:{} is outside the population (size {})", probe.population, n, range->size));
      ids.push_back(range->first + n);
    }
    probes_.push_back({ids, {}, {}, {}});
  }
  if (plan_.out.empty()) return;
  const double dt = sim.dt_ms();
  std::vector<synapse_table> recorded;  // only the projections whose weights are streamed
  for (size_t p : weight_projections_) recorded.push_back(sim.projection_table(p));
  writer_.submit([this, pops, dt, recorded = std::move(recorded)] {
    files_->spikes = plan_.spike_names ? std::make_unique<sonata_writer>(plan_.out, dt, *plan_.spike_names)
                                       : std::make_unique<sonata_writer>(plan_.out, pops, dt);
    const hid_t file = files_->spikes->file_id();
    for (const auto& table : recorded)
      files_->weights.push_back(std::make_unique<weight_stream>(file, table, plan_.full_weights_limit));
    for (size_t k = 0; k < plan_.probes.size(); ++k)
      files_->probes.push_back(std::make_unique<probe_stream>(file, plan_.probes[k].population, plan_.probes[k].neurons));
    if (plan_.metrics_every) files_->metrics = std::make_unique<metrics_stream>(file);
  });
  record_weights(sim);  // the initial weights
}

run_recorder::~run_recorder() = default;  // writer_ (declared last) drains first; an unfinished run file is discarded

void run_recorder::record_weights(const simulator& sim) {
  for (size_t k = 0; k < weight_projections_.size(); ++k) {
    std::vector<float> w;
    sim.read_weights(weight_projections_[k], w);
    writer_.submit([this, k, t = sim.time_ms(), w = std::move(w)] { files_->weights[k]->append(t, w); });
  }
}

void run_recorder::attach(run_options& options, std::vector<spike_consumer>& consumers) {
  if (!plan_.out.empty()) {
    consumers.push_back([this](const spike_record& r) {
      writer_.submit([this, r = sample_.filter(r)] { files_->spikes->append(r); });
      flush_probes();
    });
  }
  if (!weight_projections_.empty())
    options.periodic.push_back({plan_.weights_every, true, [this](const simulator& s) { record_weights(s); }});
  if (!probes_.empty()) {
    options.after_each_step = [this](const simulator& s) {
      std::vector<float> v, u;
      for (auto& p : probes_) {
        s.read_neurons(p.ids, v, u);
        p.times.push_back(s.time_ms());
        p.v.insert(p.v.end(), v.begin(), v.end());
        p.u.insert(p.u.end(), u.begin(), u.end());
      }
    };
  }
  if (plan_.metrics_every) {
    // Metrics of the graph as it is now; computed on the writer thread from a copy of the state.
    options.periodic.push_back({plan_.metrics_every, false, [this](const simulator& s) {
                                  writer_.submit([this, state = s.export_state(), t = s.time_ms()] {
                                    const auto g = build_excitatory_graph(state);
                                    files_->metrics->append(t, compute_topology_metrics(g.graph.view(), plan_.metrics));
                                  });
                                }});
  }
  if (!plan_.snapshot.empty()) {
    options.periodic.push_back({plan_.snapshot_every, true, [this](const simulator& s) {
                                  plan_.info.snapshot_every_steps = plan_.snapshot_every;
                                  writer_.submit([this, state = s.export_state(), step = s.current_step(), t = s.time_ms()] {
                                    write_snapshot(plan_.snapshot, state, plan_.info);
                                    spdlog::info("snapshot at step {} ({:.3f} s) written to {}", step, t / 1000, plan_.snapshot);
                                  });
                                }});
  }
}

void run_recorder::flush_probes() {
  for (size_t k = 0; k < probes_.size(); ++k) {
    auto& p = probes_[k];
    if (p.times.empty()) continue;
    writer_.submit([this, k, t = std::move(p.times), v = std::move(p.v), u = std::move(p.u)] { files_->probes[k]->append(t, v, u); });
    p.times.clear();
    p.v.clear();
    p.u.clear();
  }
}

void run_recorder::finish(const simulator& sim) {
  if (!plan_.out.empty()) flush_probes();
  writer_.submit([this, log = sim.growth_log()] {
    if (files_->spikes && !log.empty()) write_growth_log(h5::create_group(files_->spikes->file_id(), "growth"), log);
    files_->probes.clear();
    files_->weights.clear();
    files_->metrics.reset();
    if (files_->spikes) {
      files_->spikes->close();
      spdlog::info("wrote {}", plan_.out);
    }
  });
  writer_.wait();
}

}  // namespace engram
