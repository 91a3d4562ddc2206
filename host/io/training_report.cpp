#include "host/io/training_report.hpp"

#include "host/io/hdf5_io.hpp"

namespace engram {

void write_training_report(const std::string& path, const training_report& r) {
  h5::write_file_atomically(path, "training report", [&](hid_t file) {
    h5::write_attribute(file, "format", "engram-training");
    h5::write_attribute(file, "task", r.task);
    h5::write_attribute(file, "dataset", r.dataset);
    h5::write_attribute(file, "samples_seen", r.samples_seen);
    auto fields = h5::create_group(file, "receptive_fields");
    h5::write_attribute(fields, "neurons", r.neurons);
    h5::write_attribute(fields, "rows", r.image_rows);
    h5::write_attribute(fields, "cols", r.image_cols);
    h5::write_vector(fields, "weights", r.receptive_fields);
    h5::write_vector(file, "theta", r.theta);
    h5::write_vector(file, "assignments", r.assignments);
    h5::write_vector(file, "accuracy_log", r.accuracy_log);
    if (!r.confusion.empty()) {
      auto eval = h5::create_group(file, "evaluation");
      h5::write_attribute(eval, "accuracy", r.accuracy);
      h5::write_attribute(eval, "on", r.evaluated_on);
      h5::write_vector(eval, "confusion", r.confusion);
    }
  });
}

}  // namespace engram
