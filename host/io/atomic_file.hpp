#pragma once
// Write-then-rename: a file is written under `<path>.tmp-<pid>-<n>` in the same folder and only
// replaces `path` once complete and fsynced, so readers never see a partial file.
#include <string>

namespace engram {

std::string temporary_path_for(const std::string& path);
// fsyncs `temporary`, renames it over `path` and fsyncs the folder. Throws engram::error, and
// leaves `path` alone, when something other than a regular file (a device, a folder) is there.
void commit_file(const std::string& temporary, const std::string& path);

}  // namespace engram
