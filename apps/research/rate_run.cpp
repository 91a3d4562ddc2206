#include "apps/research/rate_run.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "engine/errors.hpp"
#include "host/io/hdf5_handle.hpp"
#include "host/io/hdf5_io.hpp"
#include "host/io/sonata_hdf5.hpp"

namespace engram::research {

uint32_t rate_run::pre_neuron(uint64_t synapse) const {
  const auto it = std::upper_bound(row_ptr.begin(), row_ptr.end(), synapse);
  return static_cast<uint32_t>(it - row_ptr.begin() - 1);
}

double rate_run::pre_of(uint64_t synapse, uint32_t step) const { return x[uint64_t{step} * n_pre + pre_neuron(synapse)]; }

namespace {

void write_table(hid_t group, const std::string& name, const std::vector<double>& data, hsize_t cols) {
  h5::handle d = h5::create_row_dataset<double>(group, name, cols, true);
  if (cols > 0) h5::append_rows<double>(d, data.data(), data.size() / cols, cols);
}

}  // namespace

void write_rate_run(const std::string& path, const rate_run& run) {
  h5::write_file_atomically(path, "rate run", [&](hid_t file) {
    if (!run.truth.empty()) h5::write_attribute(file, "truth", run.truth);
    h5::handle activity = h5::create_group(file, "activity");
    write_table(activity, run.pre, run.x, run.n_pre);
    write_table(activity, run.post, run.y, run.n_post);
    h5::handle weights = h5::create_group(file, "weights");
    h5::handle group = h5::create_group(weights, run.projection);
    h5::write_attribute(group, "pre", run.pre);
    h5::write_attribute(group, "post", run.post);
    write_table(group, "values", run.w, run.synapses());
    h5::write_vector(group, "row_ptr", run.row_ptr);
    h5::write_vector(group, "target", run.target);
  });
}

rate_run read_rate_run(const std::string& path, const std::string& projection) {
  const std::string where = "rate run " + path;
  h5::handle file = sonata_h5::open_file(path, "rate run");
  rate_run run;
  run.projection = projection;
  if (h5::has_attribute(file, "truth")) run.truth = h5::read_string_attribute(file, "truth", where);
  h5::handle weights = h5::open_group(file, "weights", path);
  h5::handle group = h5::open_group(weights, projection, path);
  run.pre = h5::read_string_attribute(group, "pre", where);
  run.post = h5::read_string_attribute(group, "post", where);
  h5::handle activity = h5::open_group(file, "activity", path);
  uint64_t cols = 0;
  run.x = h5::read_table<double>(activity, run.pre, where, cols);
  run.n_pre = static_cast<uint32_t>(cols);
  run.y = h5::read_table<double>(activity, run.post, where, cols);
  run.n_post = static_cast<uint32_t>(cols);
  if (run.n_pre == 0 || run.n_post == 0) throw invalid_parameter(where + ": an activity table has no neurons");
  run.steps = static_cast<uint32_t>(run.x.size() / run.n_pre);
  if (run.y.size() / run.n_post != run.steps)
    throw invalid_parameter(fmt::format("{}: {} steps of '{}' but {} of '{}'", where, run.steps, run.pre, run.y.size() / run.n_post, run.post));
  run.row_ptr = h5::read_vector<uint64_t>(group, "row_ptr", int64_t{run.n_pre} + 1, where);
  run.target = h5::read_vector<uint32_t>(group, "target", -1, where);
  if (run.row_ptr.front() != 0 || run.row_ptr.back() != run.target.size() || !std::is_sorted(run.row_ptr.begin(), run.row_ptr.end()))
    throw invalid_parameter(where + ": row_ptr does not describe the synapses");
  for (uint32_t t : run.target)
    if (t >= run.n_post) throw invalid_parameter(fmt::format("{}: a synapse targets neuron {} of {}", where, t, run.n_post));
  run.w = h5::read_table<double>(group, "values", where, cols);
  if (cols != run.synapses() || run.w.size() / std::max<uint64_t>(cols, 1) != uint64_t{run.steps} + 1)
    throw invalid_parameter(fmt::format("{}: the weights need {} rows of {} synapses", where, run.steps + 1, run.synapses()));
  return run;
}

}  // namespace engram::research
