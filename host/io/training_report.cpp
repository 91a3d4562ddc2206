#include "host/io/training_report.hpp"

#include <filesystem>

#include "host/io/atomic_file.hpp"
#include "host/io/hdf5_io.hpp"

namespace engram {

void write_training_report(const std::string& path, const training_report& r) {
  const auto folder = std::filesystem::path(path).parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder);
  const std::string temporary = temporary_path_for(path);
  try {
    h5::quiet_errors quiet;
    h5::handle file(H5Fcreate(temporary.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                    "create training report '" + temporary + "'");
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
    h5::check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush training report");
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
  commit_file(temporary, path);
}

}  // namespace engram
