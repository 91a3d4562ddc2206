#include "host/streams/weight_stream.hpp"

#include <algorithm>
#include <cmath>

#include "engine/synapse_packing.hpp"
#include "host/io/hdf5_io.hpp"

namespace engram {

weight_stream::weight_stream(hid_t file, const synapse_table& t, uint64_t full_limit) : full_(t.size() <= full_limit) {
  h5::handle weights = h5::exists(file, "weights") ? h5::handle(H5Gopen2(file, "weights", H5P_DEFAULT), H5Gclose, "open /weights")
                                                   : h5::create_group(file, "weights");
  group_ = h5::create_group(weights, t.name);
  h5::write_attribute(group_, "synapses", t.size());
  h5::write_attribute(group_, "pre_first", t.pre_first);
  h5::write_attribute(group_, "post_first", t.post_first);
  times_ = h5::create_row_dataset<double>(group_, "times", 1, false);
  h5::write_attribute(times_, "units", "ms");
  summary_ = h5::create_row_dataset<double>(group_, "summary", 4, false);
  h5::write_attribute(summary_, "columns", "mean, sd, min, max");
  histogram_ = h5::create_row_dataset<uint64_t>(group_, "histogram", bins, true);
  // Fixed bin edges from the initial weights, widened to twice their range away from zero so that
  // plastic weights stay inside (values beyond the edges count in the outermost bins).
  double lo = 0, hi = 0;
  for (float w : t.weight) {
    lo = std::min<double>(lo, w);
    hi = std::max<double>(hi, w);
  }
  lo *= 2;
  hi *= 2;
  if (hi == lo) hi = lo + 1;
  for (size_t b = 0; b <= bins; ++b) edges_.push_back(lo + (hi - lo) * b / bins);
  h5::write_vector(group_, "bin_edges", edges_);
  if (full_) {
    values_ = h5::create_row_dataset<float>(group_, "values", t.size(), true);
    h5::write_vector(group_, "row_ptr", t.row_ptr);
    h5::write_vector(group_, "target", global_targets(t));
  }
}

void weight_stream::append(double time_ms, const std::vector<float>& w) {
  double sum = 0, sum2 = 0, lo = INFINITY, hi = -INFINITY;
  std::vector<uint64_t> counts(bins, 0);
  const double lo_edge = edges_.front(), width = (edges_.back() - edges_.front()) / bins;
  for (float x : w) {
    sum += x;
    sum2 += static_cast<double>(x) * x;
    lo = std::min<double>(lo, x);
    hi = std::max<double>(hi, x);
    const double b = std::floor((x - lo_edge) / width);
    ++counts[static_cast<size_t>(std::clamp(b, 0.0, static_cast<double>(bins - 1)))];
  }
  const double n = std::max<size_t>(w.size(), 1);
  const double mean = sum / n;
  const double summary[4] = {mean, std::sqrt(std::max(0.0, sum2 / n - mean * mean)), w.empty() ? 0 : lo, w.empty() ? 0 : hi};
  h5::append_rows(times_, &time_ms, 1, 1);
  h5::append_rows(summary_, summary, 1, 4);
  h5::append_rows(histogram_, counts.data(), 1, bins);
  if (full_) h5::append_rows(values_, w.data(), 1, w.size());
}

}  // namespace engram
