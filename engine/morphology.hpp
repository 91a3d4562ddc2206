#pragma once
// Static dendritic attenuation (the seed's morphology, its specification's section A8; equations
// in docs/rhythms.md#dendrites): a neuron type's template of cable segments (length, diameter in
// um, parent), each attenuating by exp(-L / (1000 lambda)) with lambda = sqrt(d / (4 R_axial 1e-3)),
// R_axial = 150; a synapse on a compartment is attenuated by the product along its path to the soma.
#include <cstdint>
#include <string>
#include <vector>

namespace engram {

enum class morphology : uint8_t { none, pyramidal, interneuron, stellate };
// Where a synapse lands. The soma is the path's end: no attenuation.
enum class compartment : uint8_t { soma, proximal, distal, apical };
constexpr uint32_t max_compartment_choices = 4;

struct cable_segment {
  compartment place;
  double length_um, diameter_um;
  int parent;  // index of the segment it hangs from; -1: the soma
};

// The seed's templates (the hillock, which no synapse targets, is left out).
const std::vector<cable_segment>& template_of(morphology m);
// exp(-L / (1000 lambda)), lambda = sqrt(d / (4 R_axial 0.001)), R_axial = 150 ohm cm.
double segment_attenuation(double length_um, double diameter_um);
// The product of the attenuations from the compartment to the soma (1 at the soma); throws
// invalid_network when the template has no such compartment.
double compartment_attenuation(morphology m, compartment c);

morphology parse_morphology(const std::string& name);    // none, pyramidal, interneuron, stellate
compartment parse_compartment(const std::string& name);  // soma, proximal, distal, apical
std::string name_of(morphology m);
std::string name_of(compartment c);

}  // namespace engram
