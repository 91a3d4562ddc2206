#include "engine/morphology.hpp"

#include <cmath>
#include <fmt/format.h>

#include "engine/errors.hpp"

namespace engram {

const std::vector<cable_segment>& template_of(morphology m) {
  // Pyramidal: proximal (100, 3), distal (200, 1.5) on the proximal, apical (300, 2).
  static const std::vector<cable_segment> pyramidal = {
      {compartment::proximal, 100, 3, -1}, {compartment::distal, 200, 1.5, 0}, {compartment::apical, 300, 2, -1}};
  static const std::vector<cable_segment> interneuron = {{compartment::proximal, 80, 2.5, -1}};
  // Stellate: two proximal (80, 2) and a distal (120, 1.2); the seed gives the distal no parent.
  static const std::vector<cable_segment> stellate = {
      {compartment::proximal, 80, 2, -1}, {compartment::proximal, 80, 2, -1}, {compartment::distal, 120, 1.2, -1}};
  static const std::vector<cable_segment> none;
  switch (m) {
    case morphology::pyramidal: return pyramidal;
    case morphology::interneuron: return interneuron;
    case morphology::stellate: return stellate;
    case morphology::none: break;
  }
  return none;
}

double segment_attenuation(double length_um, double diameter_um) {
  const double r_axial = 150.0;
  const double lambda = std::sqrt(diameter_um / (4 * r_axial * 0.001));
  return std::exp(-length_um / (lambda * 1000));
}

double compartment_attenuation(morphology m, compartment c) {
  if (c == compartment::soma) return 1.0;
  const auto& segments = template_of(m);
  for (const auto& s : segments) {
    if (s.place != c) continue;
    double a = 1.0;
    for (const cable_segment* at = &s;; at = &segments[at->parent]) {
      a *= segment_attenuation(at->length_um, at->diameter_um);
      if (at->parent < 0) break;
    }
    return a;  // the first such segment: the stellate's two proximal ones are equal
  }
  throw invalid_network(fmt::format("the {} morphology has no {} compartment", name_of(m), name_of(c)));
}

morphology parse_morphology(const std::string& name) {
  for (morphology m : {morphology::none, morphology::pyramidal, morphology::interneuron, morphology::stellate})
    if (name == name_of(m)) return m;
  throw invalid_parameter(fmt::format("unknown morphology '{}' (known: none, pyramidal, interneuron, stellate)", name));
}

compartment parse_compartment(const std::string& name) {
  for (compartment c : {compartment::soma, compartment::proximal, compartment::distal, compartment::apical})
    if (name == name_of(c)) return c;
  throw invalid_parameter(fmt::format("unknown compartment '{}' (known: soma, proximal, distal, apical)", name));
}

std::string name_of(morphology m) {
  switch (m) {
    case morphology::pyramidal: return "pyramidal";
    case morphology::interneuron: return "interneuron";
    case morphology::stellate: return "stellate";
    case morphology::none: break;
  }
  return "none";
}

std::string name_of(compartment c) {
  switch (c) {
    case compartment::proximal: return "proximal";
    case compartment::distal: return "distal";
    case compartment::apical: return "apical";
    case compartment::soma: break;
  }
  return "soma";
}

}  // namespace engram
