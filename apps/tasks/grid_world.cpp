#include "apps/tasks/grid_world.hpp"

#include <deque>
#include <fmt/format.h>

#include "engine/errors.hpp"

namespace engram::tasks {

grid_world::grid_world(uint32_t width, uint32_t height, std::vector<uint32_t> goals, std::vector<uint32_t> blocked,
                       grid_rewards rewards, uint32_t inputs_per_cell, double rate_hz)
    : width_(width), height_(height), inputs_per_cell_(inputs_per_cell), rate_hz_(rate_hz), rewards_(rewards) {
  if (width < 2 || height < 2 || uint64_t{width} * height > 10000 || inputs_per_cell == 0 || !(rate_hz > 0))
    throw invalid_parameter(fmt::format("a grid world needs 2..10000 cells, inputs per cell and a rate (got {}x{})", width, height));
  wall_.assign(cells(), 0);
  goal_.assign(cells(), 0);
  for (uint32_t c : blocked) wall_.at(c) = 1;
  for (uint32_t c : goals) {
    if (c >= cells() || wall_[c]) throw invalid_parameter(fmt::format("goal cell {} is outside the world or a wall", c));
    goal_[c] = 1;
  }
  if (goals.empty()) throw invalid_parameter("a grid world needs a goal");
  distance_.assign(cells(), UINT32_MAX);
  std::deque<uint32_t> queue;
  for (uint32_t c : goals) distance_[c] = 0, queue.push_back(c);
  while (!queue.empty()) {
    const uint32_t c = queue.front();
    queue.pop_front();
    for (uint32_t a = 0; a < 4; ++a) {
      const uint32_t n = next(c, a);
      if (distance_[n] == UINT32_MAX) distance_[n] = distance_[c] + 1, queue.push_back(n);
    }
  }
  for (uint32_t c = 0; c < cells(); ++c)
    if (!wall_[c] && distance_[c] == UINT32_MAX) throw invalid_parameter(fmt::format("cell {} cannot reach a goal", c));
  cell_ = starts().front();
}

grid_world grid_world::standard(bool larger, grid_rewards rewards, uint32_t inputs_per_cell, double rate_hz) {
  if (!larger) return grid_world(5, 5, {24}, {}, rewards, inputs_per_cell, rate_hz);
  std::vector<uint32_t> wall;
  for (uint32_t y = 2; y < 10; ++y) wall.push_back(y * 10 + 5);
  return grid_world(10, 10, {99}, wall, rewards, inputs_per_cell, rate_hz);
}

bool grid_world::open(uint32_t cell) const { return cell < cells() && !wall_[cell]; }
bool grid_world::goal(uint32_t cell) const { return cell < cells() && goal_[cell]; }

uint32_t grid_world::next(uint32_t cell, uint32_t action) const {
  const uint32_t x = cell % width_, y = cell / width_;
  uint32_t n = cell;
  if (action == up && y > 0) n = cell - width_;
  if (action == down && y + 1 < height_) n = cell + width_;
  if (action == left && x > 0) n = cell - 1;
  if (action == right && x + 1 < width_) n = cell + 1;
  return wall_[n] ? cell : n;
}

std::vector<uint32_t> grid_world::starts() const {
  std::vector<uint32_t> out;
  for (uint32_t c = 0; c < cells(); ++c)
    if (!wall_[c] && !goal_[c]) out.push_back(c);
  return out;
}

void grid_world::place(uint32_t cell) {
  if (!open(cell) || goal_[cell]) throw invalid_parameter(fmt::format("cell {} is not a start (a wall, a goal or outside)", cell));
  cell_ = cell;
}

std::vector<float> grid_world::observation() const {
  std::vector<float> rates(inputs(), 0.0f);
  for (uint32_t k = 0; k < inputs_per_cell_; ++k) rates[cell_ * inputs_per_cell_ + k] = static_cast<float>(rate_hz_);
  return rates;
}

outcome grid_world::act(uint32_t action) {
  if (action >= 4) throw invalid_parameter(fmt::format("action {} out of range (a grid world has 4: up, right, down, left)", action));
  const uint32_t n = next(cell_, action);
  outcome o;
  if (goal_[n]) {
    o.reward = rewards_.goal;
    o.done = true;
  } else if (n == cell_) {
    o.reward = rewards_.bump;
  } else {
    o.reward = distance_[n] < distance_[cell_] ? rewards_.closer : rewards_.farther;
  }
  cell_ = n;
  return o;
}

}  // namespace engram::tasks
