#include "apps/tasks/continual_counts.hpp"

#include <fmt/format.h>

#include "apps/tasks/label_assignment.hpp"
#include "engine/errors.hpp"
#include "host/io/hdf5_io.hpp"
#include "host/io/sonata_hdf5.hpp"

namespace engram::tasks {
namespace {

constexpr const char* format_name = "engram-continual-counts";

std::string group_name(uint32_t task) { return fmt::format("after_task_{:02}", task); }

// One side (labelling or held-out) of an evaluation: rows x neurons counts, a class and a task per row.
void read_rows(hid_t g, const std::string& prefix, uint32_t neurons, uint32_t after_task, const continual_counts& c,
               const std::string& where, std::vector<uint32_t>& counts, std::vector<uint32_t>& cls,
               std::vector<uint32_t>& task) {
  cls = h5::read_vector<uint32_t>(g, prefix + "_class", -1, where);
  task = h5::read_vector<uint32_t>(g, prefix + "_task", static_cast<int64_t>(cls.size()), where);
  counts = h5::read_vector<uint32_t>(g, prefix + "_counts", static_cast<int64_t>(cls.size() * uint64_t{neurons}), where);
  for (size_t r = 0; r < cls.size(); ++r) {
    if (task[r] > after_task)
      throw invalid_parameter(fmt::format("{}: {} row {} is of task {}, after task {}", where, prefix, r, task[r], after_task));
    if (cls[r] >= class_count || !c.task_classes[uint64_t{task[r]} * class_count + cls[r]])
      throw invalid_parameter(fmt::format("{}: {} row {} has class {}, not one of task {}'s", where, prefix, r, cls[r], task[r]));
  }
}

}  // namespace

continual_counts fewer_label_rows(const continual_counts& c, uint32_t per_class) {
  continual_counts out = c;
  for (size_t i = 0; i < out.evaluations.size(); ++i) {
    const evaluation_counts& from = c.evaluations[i];
    evaluation_counts& e = out.evaluations[i];
    e.label_counts.clear();
    e.label_class.clear();
    e.label_task.clear();
    std::vector<uint32_t> taken(uint64_t{c.tasks} * class_count, 0);
    for (uint32_t r = 0; r < from.label_rows(); ++r) {
      if (taken[uint64_t{from.label_task[r]} * class_count + from.label_class[r]]++ >= per_class) continue;
      e.label_counts.insert(e.label_counts.end(), from.label_counts.begin() + uint64_t{r} * from.neurons,
                            from.label_counts.begin() + uint64_t{r + 1} * from.neurons);
      e.label_class.push_back(from.label_class[r]);
      e.label_task.push_back(from.label_task[r]);
    }
  }
  return out;
}

void write_continual_counts(const std::string& path, const continual_counts& c) {
  h5::write_file_atomically(path, "continual counts", [&](hid_t file) {
    h5::write_attribute(file, "format", format_name);
    h5::write_attribute(file, "protocol", c.protocol);
    h5::write_attribute(file, "arm", c.arm);
    h5::write_attribute(file, "measured_on", c.measured_on);
    h5::write_attribute(file, "seed", c.seed);
    h5::write_attribute(file, "tasks", c.tasks);
    h5::write_attribute(file, "readout_inhibition", c.readout_inhibition);
    h5::write_attribute(file, "measure_repeats", c.measure_repeats);
    h5::write_vector(file, "task_classes", c.task_classes);
    for (const evaluation_counts& e : c.evaluations) {
      auto g = h5::create_group(file, group_name(e.after_task));
      h5::write_attribute(g, "neurons", e.neurons);
      h5::write_vector(g, "label_counts", e.label_counts);
      h5::write_vector(g, "label_class", e.label_class);
      h5::write_vector(g, "label_task", e.label_task);
      h5::write_vector(g, "test_counts", e.test_counts);
      h5::write_vector(g, "test_class", e.test_class);
      h5::write_vector(g, "test_task", e.test_task);
    }
  });
}

continual_counts read_continual_counts(const std::string& path) {
  const h5::handle file = sonata_h5::open_file(path, "continual counts file");
  const std::string where = fmt::format("continual counts file '{}'", path);
  if (!h5::has_attribute(file, "format") || h5::read_string_attribute(file, "format", where) != format_name)
    throw invalid_parameter(fmt::format("{}: not a counts file (written by engram train continual --counts)", where));
  continual_counts c;
  c.protocol = h5::read_string_attribute(file, "protocol", where);
  c.arm = h5::read_string_attribute(file, "arm", where);
  c.measured_on = h5::read_string_attribute(file, "measured_on", where);
  c.seed = h5::read_attribute<uint64_t>(file, "seed", where);
  c.tasks = h5::read_attribute<uint32_t>(file, "tasks", where);
  c.readout_inhibition = h5::read_attribute<double>(file, "readout_inhibition", where);
  if (h5::has_attribute(file, "measure_repeats")) c.measure_repeats = h5::read_attribute<uint32_t>(file, "measure_repeats", where);
  if (c.measure_repeats < 1 || c.measure_repeats > 16)
    throw invalid_parameter(fmt::format("{}: measure_repeats {} (1..16 expected)", where, c.measure_repeats));
  if (c.tasks < 2 || c.tasks > 50) throw invalid_parameter(fmt::format("{}: {} tasks (2..50 expected)", where, c.tasks));
  c.task_classes = h5::read_vector<uint8_t>(file, "task_classes", int64_t{c.tasks} * class_count, where);
  for (uint32_t i = 0; i < c.tasks; ++i) {
    const std::string name = group_name(i);
    if (!h5::exists(file, name)) throw invalid_parameter(fmt::format("{}: the evaluation '{}' is missing", where, name));
    const h5::handle g = h5::open_group(file, name, path);
    const std::string in = fmt::format("{}, {}", where, name);
    evaluation_counts e;
    e.after_task = i;
    e.neurons = h5::read_attribute<uint32_t>(g, "neurons", in);
    if (e.neurons == 0 || e.neurons > 100000) throw invalid_parameter(fmt::format("{}: {} neurons", in, e.neurons));
    read_rows(g, "label", e.neurons, i, c, in, e.label_counts, e.label_class, e.label_task);
    read_rows(g, "test", e.neurons, i, c, in, e.test_counts, e.test_class, e.test_task);
    if (e.label_rows() == 0 || e.test_rows() == 0) throw invalid_parameter(fmt::format("{}: no labelling or no held-out rows", in));
    c.evaluations.push_back(std::move(e));
  }
  return c;
}

}  // namespace engram::tasks
