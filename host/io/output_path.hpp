#pragma once
// Checks of the files a run will write, made before the run starts: a run must not end, after
// hours, in an error about a path that was wrong from the start, nor replace a device or a folder.
#include <string>
#include <utility>
#include <vector>

namespace engram {

// (option, path) pairs, e.g. {"--out", "out/run.h5"}; empty paths are skipped. Throws
// invalid_parameter naming the option when a path is a folder or not a regular file, its folder
// cannot be created or written (it is created, and a file made and removed in it), a name is too
// long for the file system (with the temporary file's suffix), or two options name the same file.
void check_output_paths(const std::vector<std::pair<std::string, std::string>>& outputs);

}  // namespace engram
