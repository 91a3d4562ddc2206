// Rows that grow in place (engine/row_slack.hpp, engine/index_slack.hpp): through random
// sequences of pruning and synaptogenesis, the rows kept with slack equal a compact table grown
// phase by phase, and the transposed index updated from the changed rows equals one built
// afresh; what leaves the CPU backend is compact.
#include <random>

#include "engine/growth.hpp"
#include "engine/index_slack.hpp"
#include "tests/catch.hpp"
#include "tests/gpu/gpu_compare.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

// The growth tests' recurrent network with normalisation too (STDP and normalisation both read
// the transposed index) and more changes per phase.
network slack_network() {
  network net = test::growing_network();
  projection& rec = net.projections[0];
  rec.plasticity.normalise.enabled = true;
  rec.plasticity.normalise.target_sum = 6.0;
  rec.growth.prune_max_weight = 0.6;
  rec.growth.form_max_per_phase = 25;
  rec.growth.row_slack = 6;
  return net;
}

// New rates for every neuron and new weights for every synapse, in row order (the same values
// whatever the layout), so that each phase prunes and connects other neurons.
void perturb(network_state& s, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> rate(0.0f, 20.0f), weight(0.0f, 2.0f);
  for (float& r : s.plasticity.rate_hz) r = rate(rng);
  synapse_table& t = s.projections[0];
  for (uint32_t r = 0; r < t.pre_count; ++r)
    for (uint64_t e = t.row_begin(r); e < t.row_end(r); ++e) t.weight[e] = weight(rng);
}

// The ids of column j, in order.
std::vector<uint32_t> column(const transposed_index& x, uint32_t j) {
  return {x.synapse.begin() + static_cast<int64_t>(x.col_ptr[j]), x.synapse.begin() + static_cast<int64_t>(x.col_end(j))};
}

// The same index with no room left in any column.
transposed_index without_room(const transposed_index& x) {
  transposed_index tight;
  tight.col_ptr.push_back(0);
  for (uint32_t j = 0; j + 1 < x.col_ptr.size(); ++j) {
    const std::vector<uint32_t> ids = column(x, j);
    tight.synapse.insert(tight.synapse.end(), ids.begin(), ids.end());
    tight.col_ptr.push_back(tight.synapse.size());
    tight.col_used.push_back(static_cast<uint32_t>(ids.size()));
  }
  return tight;
}

}  // namespace

TEST_CASE("growth: rows with slack and their transposed index stay equal to compact ones rebuilt after every phase", "[growth]") {
  simulator sim(slack_network(), make_backend(backend_kind::cpu, {}));
  sim.run_steps(120);
  network_state in_place = sim.export_state();  // compact, as every state leaving a backend
  REQUIRE_FALSE(in_place.projections[0].has_slack());
  network_state compact = in_place;
  open_row_slack(in_place);
  const synapse_table& t = in_place.projections[0];
  REQUIRE(t.has_slack());
  transposed_index x = without_room(build_transposed_index(t));  // the first phase must rebuild it
  REQUIRE_FALSE(x.col_used.empty());

  uint64_t made = 0, pruned = 0, rebuilds = 0;
  for (uint32_t phase = 0; phase < 40; ++phase) {
    perturb(in_place, 100 + phase);
    perturb(compact, 100 + phase);
    growth_changes changes;
    const std::vector<growth_record> a = grow(in_place, in_place.step - 1, &changes);
    const std::vector<growth_record> b = grow(compact, compact.step - 1);
    close_row_slack(compact);  // a compact table grown from scratch each phase
    REQUIRE(a.size() == b.size());
    made += a[0].made, pruned += a[0].pruned;
    CHECK(a[0].made == b[0].made);
    CHECK(a[0].pruned == b[0].pruned);
    rebuilds += update_transposed_index(x, t, changes[0]);

    network_state shown = in_place;
    close_row_slack(shown);
    INFO("phase " << phase);
    REQUIRE(shown.projections[0].row_ptr == compact.projections[0].row_ptr);
    REQUIRE(shown.projections[0].packed == compact.projections[0].packed);
    REQUIRE(shown.projections[0].weight == compact.projections[0].weight);
    REQUIRE(shown.growth.projections[0].birth == compact.growth.projections[0].birth);
    REQUIRE(shown.plasticity.projections[0].delay_max == compact.plasticity.projections[0].delay_max);
    for (uint32_t r = 0; r < t.pre_count; ++r)  // holes are inert: no weight, a valid word
      for (uint64_t e = t.row_end(r); e < t.row_ptr[r + 1]; ++e) REQUIRE((t.weight[e] == 0.0f && t.packed[e] == hole_word(t)));
    const transposed_index fresh = build_transposed_index(t);
    for (uint32_t j = 0; j < t.post_count; ++j) REQUIRE(column(x, j) == column(fresh, j));
  }
  INFO("made " << made << ", pruned " << pruned << ", index rebuilds " << rebuilds);
  CHECK(made > 200);
  CHECK(pruned > 200);
  CHECK(rebuilds >= 1);
  CHECK(rebuilds < 10);  // rebuilt with room, columns take most phases in place
}

TEST_CASE("growth: a growing network's state leaves the CPU backend compact", "[growth]") {
  auto sim = test::cpu_simulator(slack_network());
  sim->run_steps(300);
  CHECK(sim->backend_ref().host_resident_state() == nullptr);  // its rows have slack
  const network_state s = sim->export_state();
  const synapse_table& t = s.projections[0];
  CHECK_FALSE(t.has_slack());
  CHECK(t.size() == t.row_ptr.back());
  CHECK(sim->synapse_count() > 0);
  CHECK(s.synapse_count() == t.size());
  CHECK(sim->projection_table(0).packed == t.packed);

  std::vector<float> w;
  sim->read_weights(0, w);
  CHECK(w == t.weight);
  for (float& v : w) v *= 0.5f;
  sim->set_weights(0, w);  // through a compact copy, loaded back with slack
  std::vector<float> back;
  sim->read_weights(0, back);
  CHECK(back == w);
  sim->run_steps(100);  // and it goes on growing
  CHECK(sim->export_state().growth.phases == 8);
}

TEST_CASE("growth: at build, unborn slots lose exactly their synapses and every other one stays in place", "[growth]") {
  // The same network with and without growth draws the same synapses; growth then drops those
  // of the slots beyond initial_size (rows of different lengths, so that positions in compact and
  // slack layouts differ).
  network plain;
  plain.seed = 31;
  plain.populations.push_back(izhikevich_population("c", 60, izhikevich_pattern::RS));
  projection rec;
  rec.name = "rec";
  rec.pre = rec.post = "c";
  rec.connect.type = connector::kind::fixed_probability;
  rec.connect.probability = 0.2;
  rec.weight = distribution::between(0.1, 1.0);
  rec.delay_ms = distribution::between(1.0, 5.0);
  plain.projections.push_back(rec);
  network grown = plain;
  grown.growth_interval_ms = 100;
  grown.populations[0].growth.enabled = true;
  grown.populations[0].growth.initial_size = 25;
  grown.projections[0].growth.enabled = true;

  const synapse_table all = test::cpu_simulator(plain)->export_state().projections[0];
  const synapse_table kept = test::cpu_simulator(grown)->export_state().projections[0];
  synapse_table expected = all;
  expected.packed.clear(), expected.weight.clear();
  for (uint32_t r = 0; r < all.pre_count; ++r) {
    for (uint64_t e = all.row_ptr[r]; e < all.row_ptr[r + 1]; ++e)
      if (r < 25 && all.target_of(e) < 25) expected.packed.push_back(all.packed[e]), expected.weight.push_back(all.weight[e]);
    expected.row_ptr[r + 1] = expected.packed.size();
  }
  REQUIRE(expected.size() > 50);
  REQUIRE(expected.size() < all.size());
  CHECK(kept.row_ptr == expected.row_ptr);
  CHECK(kept.packed == expected.packed);
  CHECK(kept.weight == expected.weight);
}
