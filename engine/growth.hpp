#pragma once
// Structural plasticity on the plain state (docs/architecture.md, "Growth"; rules in
// docs/growth.md): laid out once from the network, then one phase every growth interval that
// every backend applies to its state (engram::backend::grow). Host code, no I/O.
#include <string>
#include <vector>

#include "engine/errors.hpp"
#include "engine/network.hpp"
#include "engine/row_slack.hpp"
#include "engine/state.hpp"

namespace engram {

// A row (or pool) would hold more than its capacity: the message names the projection, the row
// and the limit. The phase that throws it has changed nothing.
struct growth_capacity : error {
  using error::error;
};

// Throws invalid_network naming the first problem of a growth rule (network::validate calls it).
void validate_growth(const network& net);
// Fills s.growth from `net` (constants only; births are sized by prepare_growth once synapses exist).
void lay_out_growth(const network& net, network_state& s);
// Once a backend has generated the synapses: every synapse born at phase 0, and a row capacity
// of 0 resolved to the largest initial row plus the slack.
void prepare_growth(network_state& s);
// Throws invalid_network when s.growth does not fit the rest of the state.
void check_growth(const network_state& s, const std::string& where);

// A dead or unborn slot: Izhikevich parameters a = b = d = 0 and u = 0, v at the stable rest
// v* of 0.04 v^2 + 5 v + 140 = 0; a LIF slot at v_init with its adaptive threshold at theta_init
// (validate_growth checks it rests below threshold). With no synapse and no direct input it
// stays there, never firing.
void park_dead_neuron(network_state& s, uint32_t neuron);
// A newborn's state: fresh membrane (Izhikevich RS or FS parameters, else v_init), zero
// conductances and refractory count, rate, traces and ring column, theta at theta_init.
void start_newborn(network_state& s, uint32_t neuron, bool regular);
// Drops every synapse into or out of a dead slot (after the build: prepare_growth), leaving the
// growing projections with row slack.
void remove_synapses_of_dead(network_state& s);

// Does the population with this index have its rate read by a growth rule?
bool growth_reads_rate(const network& net, uint32_t population);

// One growth phase on the state at the end of step `step` (s.growth.due_after(step)): pruning,
// then synaptogenesis, per growing projection; appends to s.growth.log and returns the phase's
// records. The growing projections' rows get slack first if they have none (open_row_slack), and
// the phase inserts and removes synapses within their rows, per-synapse state (weights, words,
// births, STDP derivative or eligibility) moving with its synapse. `changes`, when given, gets
// every changed row (what a backend updates its transposed index from).
std::vector<growth_record> grow(network_state& s, uint64_t step, growth_changes* changes = nullptr);

}  // namespace engram
