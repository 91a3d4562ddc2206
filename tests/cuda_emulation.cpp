#include "tests/cuda_emulation.hpp"

#include <algorithm>
#include <numeric>

#include "engine/errors.hpp"
#include "engine/plasticity_layout.hpp"
#include "kernels/simt/build_bodies.hpp"
#include "kernels/simt/synapse_recipe.hpp"

namespace engram::test {

using namespace engram::cuda;

void host_launches::pulse_hits(const step_view& v) {
  each(dense_threads, [&](thread_position t) { pulse_hits_thread(v, t); });
}
// The threads in a scrambled order (thread k runs k-th from a stride coprime to the thread count),
// so that the spike list they append is not ascending even when each thread has one neuron, as
// on the device, where warps reach the counter in any order; then the last block's publish.
void host_launches::neuron_step(const step_view& v, bool inputs, bool integrate) {
  const uint64_t threads = dense_threads;
  uint64_t stride = threads / 2 + 1;
  while (std::gcd(stride, threads) != 1) ++stride;
  each(threads, [&](thread_position t) {
    neuron_step_thread(v, inputs, integrate, {t.index * stride % threads, threads}, claim_each{&v.counters->spike_cursor});
  });
  if (!integrate) return;
  publish_spikes(*v.counters);
  if (!std::is_sorted(v.spikes, v.spikes + v.counters->spike_count)) ++unordered_lists;
}
void host_launches::stp_release(const step_view& v, uint32_t q) {
  each(dense_threads, [&](thread_position t) { stp_release_thread(v, q, t); });
}
void host_launches::deliver(const step_view& v) {
  each(warp_threads, [&](thread_position t) { deliver_thread(v, t); });
}
void host_launches::record(const step_view& v) {
  each(dense_threads, [&](thread_position t) { record_thread(v, t); });
}
void host_launches::end_of_step(const step_view& v, bool commit, bool advance) {
  ++launches;
  end_of_step_thread(v, commit, advance);
}

void host_launches::contingencies(const plasticity_view& v) {
  ++launches;
  contingencies_thread(v);
}
void host_launches::potentiate(const plasticity_view& v, const plastic_entry_view& p) {
  each(warp_threads, [&](thread_position t) { potentiate_thread(v, p, t); });
}
void host_launches::depress(const plasticity_view& v, const plastic_entry_view& p) {
  each(warp_threads, [&](thread_position t) { depress_thread(v, p, t); });
}
void host_launches::derivative(const plastic_entry_view& p) {
  each(dense_threads, [&](thread_position t) { derivative_thread(p, t); });
}
void host_launches::eligibility(const plasticity_view& v, const plastic_entry_view& p) {
  const float modulation = dopamine_modulation(p.dopamine_gain, v.dopamine_level[p.dopamine_channel], p.dopamine_reference);
  if (!eligibility_sweep_due(modulation, p.frozen, *p.walk.clock)) ++lazy_periods;
  each(dense_threads, [&](thread_position t) { eligibility_thread(v, p, t); });
}
void host_launches::scaling(const plasticity_view& v, const plastic_entry_view& p) {
  each(dense_threads, [&](thread_position t) { scaling_thread(v, p, t); });
}
void host_launches::normalise(const plasticity_view& v, const plastic_entry_view& p) {
  each(dense_threads, [&](thread_position t) { normalise_thread(v, p, t); });
}
void host_launches::plasticity_tail(const plasticity_view& v, const tail_view& tail) {
  each(dense_threads, [&](thread_position t) { plasticity_tail_thread(v, tail, t); });
}

namespace {

// count_rows_on_device and generate_on_device (kernels/cuda/synapse_builder.cpp) on the host: the
// same recipe and thread bodies, std::inclusive_scan for CUB's scan and std::stable_sort for
// CUB's radix sort (stable too).
void emulated_build(const synapse_recipe& r, synapse_table& t, const host_launches& run) {
  using method = synapse_recipe::method;
  t.row_ptr.assign(uint64_t{r.n_pre} + 1, 0);
  uint64_t synapses = 0;
  if (r.how == method::rows) {
    run.each(run.dense_threads, [&](thread_position p) { count_rows_thread(r.rows, t.row_ptr.data(), p); });
    std::inclusive_scan(t.row_ptr.begin() + 1, t.row_ptr.end(), t.row_ptr.begin() + 1);
    synapses = t.row_ptr.back();
    if (const auto known = known_synapse_count(r); known && *known != synapses)
      throw internal_error("emulated connectivity: counted synapses differ from the expected number");
  } else if (r.how == method::columns) {
    synapses = uint64_t{r.n_post} * r.columns.degree;
  } else if (r.how == method::pairs) {
    synapses = r.pairs.total;
  } else {
    t.row_ptr = r.list_row_ptr;
    synapses = r.list_post.size();
  }
  t.packed.assign(synapses, 0);
  t.weight.assign(synapses, 0.0f);
  value_job job = value_job_for(r, t.row_ptr.data(), t.packed.data(), t.weight.data());
  switch (r.how) {
    case method::rows:
      if (r.rows.method == row_method::dense || r.rows.method == row_method::one_to_one)
        run.each(run.warp_threads, [&](thread_position p) { fill_dense_rows_thread(r.rows, t.row_ptr.data(), t.packed.data(), p); });
      else if (r.rows.method != row_method::empty)
        run.each(run.dense_threads, [&](thread_position p) { fill_walked_rows_thread(r.rows, t.row_ptr.data(), t.packed.data(), p); });
      break;
    case method::columns: {
      std::vector<uint32_t> sources(synapses), posts(synapses);
      run.each(run.dense_threads,
               [&](thread_position p) { sample_columns_thread(r.columns, sources.data(), posts.data(), t.row_ptr.data(), p); });
      std::inclusive_scan(t.row_ptr.begin() + 1, t.row_ptr.end(), t.row_ptr.begin() + 1);
      std::vector<uint64_t> order(synapses);
      std::iota(order.begin(), order.end(), uint64_t{0});
      std::stable_sort(order.begin(), order.end(), [&](uint64_t a, uint64_t b) { return sources[a] < sources[b]; });
      for (uint64_t k = 0; k < synapses; ++k) t.packed[k] = posts[order[k]];
      break;
    }
    case method::pairs: {  // generate_pairs: two stable radix passes, by post then by source
      std::vector<uint32_t> sources(synapses), posts(synapses);
      run.each(run.dense_threads,
               [&](thread_position p) { sample_pairs_thread(r.pairs, sources.data(), posts.data(), t.row_ptr.data(), p); });
      std::inclusive_scan(t.row_ptr.begin() + 1, t.row_ptr.end(), t.row_ptr.begin() + 1);
      std::vector<uint64_t> order(synapses);
      std::iota(order.begin(), order.end(), uint64_t{0});
      std::stable_sort(order.begin(), order.end(), [&](uint64_t a, uint64_t b) { return posts[a] < posts[b]; });
      std::stable_sort(order.begin(), order.end(), [&](uint64_t a, uint64_t b) { return sources[a] < sources[b]; });
      for (uint64_t k = 0; k < synapses; ++k) t.packed[k] = posts[order[k]];
      break;
    }
    case method::list:
      t.packed = r.list_post;
      job.packed = t.packed.data();
      job.given_weight = r.list_weight.empty() ? nullptr : r.list_weight.data();
      job.given_delay = r.list_delay.empty() ? nullptr : r.list_delay.data();
      break;
  }
  run.each(run.warp_threads, [&](thread_position p) { synapse_values_thread(job, p); });
}

// prepare_on_device (kernels/cuda/plastic_tables.cpp) on the host: the same passes and thread
// bodies, std::stable_sort for CUB's radix sorts and std::inclusive_scan for its scan.
std::vector<transposed_index> emulated_preparation(network_state& s, const host_launches& run) {
  std::vector<transposed_index> indexes(s.plasticity.projections.size());
  for (size_t i = 0; i < indexes.size(); ++i) {
    plastic_projection& p = s.plasticity.projections[i];
    synapse_table& t = s.projections[p.projection];
    const uint64_t n = t.size();
    check_plastic_table_size(p, t, n);
    if (n == 0) {
      p.delay_min = p.delay_max = 1;
    } else if (!t.per_synapse_delays()) {
      p.delay_min = p.delay_max = t.uniform_delay;
    } else {
      if (p.stdp.enabled) {
        std::vector<uint64_t> keys(n);
        run.each(run.warp_threads, [&](thread_position x) { row_word_keys_thread(t.row_ptr.data(), t.pre_count, t.packed.data(), keys.data(), x); });
        std::vector<uint64_t> order(n);
        std::iota(order.begin(), order.end(), uint64_t{0});
        std::stable_sort(order.begin(), order.end(), [&](uint64_t a, uint64_t b) { return keys[a] < keys[b]; });
        std::vector<uint64_t> sorted(n);
        std::vector<float> weights(n);
        for (uint64_t k = 0; k < n; ++k) {
          sorted[k] = keys[order[k]];
          weights[k] = t.weight[order[k]];
        }
        t.weight = std::move(weights);
        run.each(run.dense_threads, [&](thread_position x) { words_of_keys_thread(sorted.data(), n, t.packed.data(), x); });
      }
      uint32_t range[2] = {255, 0};
      run.each(run.dense_threads, [&](thread_position x) { delay_range_thread(t.packed.data(), t.code(), n, range, x); });
      p.delay_min = static_cast<uint8_t>(range[0]);
      p.delay_max = static_cast<uint8_t>(range[1]);
    }
    size_synapse_state(p, n);
    if (!needs_transposed_index(p)) continue;
    transposed_index& x = indexes[i];
    x.col_ptr.assign(uint64_t{t.post_count} + 1, 0);
    std::vector<uint32_t> columns(n), ids(n);
    run.each(run.dense_threads,
             [&](thread_position at) { column_pairs_thread(t.packed.data(), t.code(), n, columns.data(), ids.data(), x.col_ptr.data(), at); });
    std::inclusive_scan(x.col_ptr.begin() + 1, x.col_ptr.end(), x.col_ptr.begin() + 1);
    std::vector<uint64_t> order(n);
    std::iota(order.begin(), order.end(), uint64_t{0});
    std::stable_sort(order.begin(), order.end(), [&](uint64_t a, uint64_t b) { return columns[a] < columns[b]; });
    x.synapse.resize(n);
    for (uint64_t k = 0; k < n; ++k) x.synapse[k] = ids[order[k]];
    if (n > 0 && uniform_row_length(t) == 0) {
      x.chunk_row.resize(((n - 1) >> row_chunk_shift) + 1);
      run.each(run.dense_threads,
               [&](thread_position at) { chunk_rows_thread(t.row_ptr.data(), t.pre_count, x.chunk_row.size(), x.chunk_row.data(), at); });
    }
  }
  return indexes;
}

}  // namespace

void emulated_cuda_backend::build(const network& net, network_state initial) {
  // What cuda_backend::build does: generate every table as the device does, then, for a plastic
  // network, sort the rows and build the indexes as the device does, and load.
  for (uint32_t p = 0; p < initial.projections.size(); ++p)
    emulated_build(make_recipe(net, p, initial.projections[p]), initial.projections[p], run_);
  std::vector<transposed_index> indexes = emulated_preparation(initial, run_);
  adopt(std::move(initial), &indexes);
}

void emulated_cuda_backend::load(network_state state) { adopt(std::move(state), nullptr); }

void emulated_cuda_backend::adopt(network_state state, std::vector<transposed_index>* indexes) {
  flush();
  empty_record_buffer();  // keep what was recorded, as the CUDA backend does
  batches_ = cuda::step_batches<emulated_cuda_backend>(*this, state.step);  // the CUDA backend's new sequencer
  if (!arrays_.counters.empty()) earlier_events_ += arrays_.counters[0].events;
  arrays_ = lay_out_step(state);
  sizes_ = scratch_sizes_of(state);
  std::vector<uint32_t> counts = std::move(scratch_.spike_counts);  // they survive a load, as on the device
  allocate_scratch(scratch_, sizes_, [](auto& array, uint64_t n) { array.assign(n, {}); });
  if (counts.size() == scratch_.spike_counts.size()) scratch_.spike_counts = std::move(counts);
  plastic_ = flatten_plasticity(state, indexes);
  constants_ = constants_of(state.plasticity);
  const bool plastic = state.plasticity.active();

  // The kernels change the weights in place: they point into the tables, which moving the state
  // into meta_ below does not reallocate.
  std::vector<table_pointers> tables;
  for (auto& t : state.projections)
    tables.push_back({t.row_ptr.data(), t.packed.data(), t.weight.data()});
  if (plastic) {
    plasticity_plan_ = make_plan(state, pointers_of(plastic_), tables,
                                 {arrays_.counters.data(), scratch_.fired.data(), scratch_.spikes.data()});
    point_tail_at(plasticity_plan_, plasticity_plan_.entries.data(), plasticity_plan_.homeostasis.data());
  }
  plasticity_outline_ = driver::plasticity_outline_of(state.plasticity);
  outline_ = driver::outline_of(state, &plasticity_outline_);
  projections_.clear();
  for (size_t p = 0; p < state.projections.size(); ++p) {
    const delivery_factors f = plastic ? plasticity_plan_.delivery.at(p) : delivery_factors{};
    projections_.push_back(projection_view_of(state.projections[p], tables[p], f));
  }
  view_ = make_step_view(arrays_, scratch_, state, sizes_, projections_.data(), plastic ? plasticity_plan_.view.theta : nullptr);
  book_ = record_book(view_.record_capacity, view_.record_step_capacity, view_.neuron_count);
  meta_ = std::move(state);
  meta_.neurons = {};
  meta_.ring = {};
  meta_.plasticity = {};
}

network_state emulated_cuda_backend::export_state() const {
  flush();
  network_state s = meta_;
  unflatten_step(arrays_, s);
  if (outline_.plasticity) s.plasticity = unflatten_plasticity(constants_, plastic_, view_.neuron_count, view_.ring_slots);
  s.step = batches_.device_step();
  return s;
}

void emulated_cuda_backend::run(const driver::phase_queue::batch& b) {
  const bool plastic = (b.phases & driver::phase_plasticity) && outline_.plasticity;
  const std::vector<uint8_t> due = plastic ? driver::due_flags(*outline_.plasticity, b.step) : std::vector<uint8_t>{};
  grid_runner<host_launches> run{view_, outline_.plasticity ? &plasticity_plan_ : nullptr, run_};
  driver::run_step(outline_, b.phases, due, b.full, run);
}

void emulated_cuda_backend::empty_record_buffer() {
  if (book_.empty()) return;
  ++host_waits_;  // spike_recorder::move_to_host synchronises the stream
  step_counters& c = arrays_.counters[0];
  const std::vector<uint32_t> counts(scratch_.record_step_count.begin(),
                                     scratch_.record_step_count.begin() + static_cast<int64_t>(c.recorded_steps));
  const std::vector<uint32_t> ids(scratch_.record_neuron.begin(),
                                  scratch_.record_neuron.begin() + static_cast<int64_t>(c.recorded_spikes));
  book_.take_buffer(c, counts, ids, recorded_);
  c.recorded_spikes = 0;
  c.recorded_steps = 0;
}

uint32_t emulated_cuda_backend::spike_count_last_step() const { return batches_.last_spike_count(); }

uint64_t emulated_cuda_backend::synaptic_events() const {
  flush();
  return earlier_events_ + arrays_.counters[0].events;
}

void emulated_cuda_backend::set_spike_probabilities(uint32_t first, const std::vector<double>& probabilities) {
  flush();
  std::copy(probabilities.begin(), probabilities.end(), arrays_.spike_probability.begin() + first);
}

void emulated_cuda_backend::set_input_amplitude(uint32_t input, float amplitude) {
  flush();
  arrays_.inputs.at(input).amplitude = amplitude;
  meta_.inputs.at(input).amplitude = amplitude;
}

std::vector<uint32_t> emulated_cuda_backend::take_spike_counts(uint32_t first, uint32_t count) {
  flush();
  const auto begin = scratch_.spike_counts.begin() + first;
  std::vector<uint32_t> out(begin, begin + count);
  std::fill_n(begin, count, 0u);
  return out;
}

void emulated_cuda_backend::add_dopamine(uint32_t channel, float amount) {
  flush();
  if (!outline_.plasticity || channel >= plasticity_plan_.view.dopamine_channels)
    throw internal_error("dopamine channel index out of range");
  add_dopamine_thread(plasticity_plan_.view.dopamine_level, channel, amount);
}

void emulated_cuda_backend::set_frozen(uint32_t entry, bool frozen) {
  flush();
  if (!outline_.plasticity || entry >= plasticity_plan_.entries.size())
    throw internal_error("plastic projection index out of range");
  plasticity_plan_.entries[entry].frozen = frozen;
  plasticity_outline_.entries[entry].frozen = frozen;
  constants_.projections[entry].frozen = frozen;
}

spike_record emulated_cuda_backend::drain_recorded() {
  flush();
  empty_record_buffer();
  spike_record out;
  std::swap(out, recorded_);
  return out;
}

}  // namespace engram::test
