#pragma once
// A grid world for the closed loop (docs/learning.md, "Grid navigation"): the agent moves up,
// right, down or left; walls and the border stop it; an episode ends on a goal cell. The reward is
// shaped by the shortest-path distance to the nearest goal (a breadth-first search, so a wall
// does not mislead it): reaching a goal, moving closer, bumping, moving farther each have a value.
#include <cstdint>
#include <vector>

#include "apps/tasks/closed_loop.hpp"

namespace engram::tasks {

struct grid_rewards {
  double goal = 0.4, closer = 0.08, bump = -0.015, farther = -0.03;
};

class grid_world final : public environment {
 public:
  enum move : uint32_t { up, right, down, left };
  // Cells are y * width + x. `blocked` cells are walls; every open cell must reach a goal.
  grid_world(uint32_t width, uint32_t height, std::vector<uint32_t> goals, std::vector<uint32_t> blocked,
             grid_rewards rewards, uint32_t inputs_per_cell, double rate_hz);
  // The 5x5 world with the goal in the far corner; `larger`: 10x10 with the goal in the far
  // corner behind a wall down the middle column from the third row to the bottom, so that from
  // the lower left the way is up, over the top two rows and down again (up to 25 moves).
  static grid_world standard(bool larger, grid_rewards rewards, uint32_t inputs_per_cell, double rate_hz);

  uint32_t action_count() const override { return 4; }
  std::vector<float> observation() const override;  // one-hot: the cell's inputs at rate_hz
  outcome act(uint32_t action) override;

  void place(uint32_t cell);  // throws invalid_parameter for a wall or goal cell, or out of range
  uint32_t cell() const { return cell_; }
  uint32_t cells() const { return width_ * height_; }
  uint32_t width() const { return width_; }
  uint32_t height() const { return height_; }
  uint32_t inputs() const { return cells() * inputs_per_cell_; }
  bool open(uint32_t cell) const;       // not a wall
  bool goal(uint32_t cell) const;
  uint32_t distance(uint32_t cell) const { return distance_[cell]; }  // steps to the nearest goal
  std::vector<uint32_t> starts() const;  // every open cell that is not a goal
  uint32_t next(uint32_t cell, uint32_t action) const;  // where a move leads (the same cell if blocked)

 private:
  uint32_t width_, height_, inputs_per_cell_;
  double rate_hz_;
  grid_rewards rewards_;
  std::vector<uint8_t> wall_, goal_;
  std::vector<uint32_t> distance_;
  uint32_t cell_ = 0;
};

}  // namespace engram::tasks
