#pragma once
// What the binding files share: numpy conversions, keyword construction of the engine's plain
// structs, enums named by strings. Each bind_*.cpp adds one concern to the module (module.cpp).
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace engram::python {

namespace py = pybind11;

void bind_errors(py::module_& m);
void bind_network(py::module_& m);
void bind_plasticity(py::module_& m);
void bind_simulator(py::module_& m);
void bind_models(py::module_& m);

// A numpy copy of a description's array (descriptions are small; the state has views instead).
template <class T>
py::array_t<T> copy_to_numpy(const std::vector<T>& v) {
  return py::array_t<T>(static_cast<py::ssize_t>(v.size()), v.data());
}

// A 1-D array-like of numbers as floating-point values (NaN passes: the engine's checks name it).
template <class T>
std::vector<T> floats_from(py::handle values, const std::string& what) {
  const auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(values);
  if (!a) throw py::type_error(what + ": expected an array of numbers");
  if (a.ndim() != 1) throw py::value_error(what + ": expected a 1-D array, got " + std::to_string(a.ndim()) + " dimensions");
  return std::vector<T>(a.data(), a.data() + a.size());
}

// A 1-D array-like of non-negative integers (indices, delays in steps) that fit T; floats are
// refused rather than truncated.
template <class T>
std::vector<T> indices_from(py::handle values, const std::string& what) {
  const py::array raw = py::array::ensure(values);
  if (!raw) throw py::type_error(what + ": expected an array of integers");
  if (raw.size() > 0 && raw.dtype().kind() != 'i' && raw.dtype().kind() != 'u')
    throw py::type_error(what + ": expected integers, got an array of dtype " + py::str(raw.dtype()).cast<std::string>());
  const auto a = py::array_t<int64_t, py::array::c_style | py::array::forcecast>::ensure(raw);
  if (a.ndim() != 1) throw py::value_error(what + ": expected a 1-D array");
  std::vector<T> out(static_cast<size_t>(a.size()));
  for (py::ssize_t k = 0; k < a.size(); ++k) {
    const int64_t x = a.data()[k];
    if (x < 0 || static_cast<uint64_t>(x) > static_cast<uint64_t>(std::numeric_limits<T>::max()))
      throw py::value_error(what + ": entry " + std::to_string(k) + " is " + std::to_string(x) + ", outside [0, " +
                            std::to_string(static_cast<uint64_t>(std::numeric_limits<T>::max())) + "]");
    out[static_cast<size_t>(k)] = static_cast<T>(x);
  }
  return out;
}

// A property that reads a vector member as a numpy copy and writes it from any 1-D array-like.
template <class Class, class C, class T>
void float_array_property(Class& cls, const char* name, std::vector<T> C::*member, const char* doc) {
  cls.def_property(
      name, [member](const C& self) { return copy_to_numpy(self.*member); },
      [member, name](C& self, py::handle v) { self.*member = floats_from<T>(v, name); }, doc);
}
template <class Class, class C, class T>
void index_array_property(Class& cls, const char* name, std::vector<T> C::*member, const char* doc) {
  cls.def_property(
      name, [member](const C& self) { return copy_to_numpy(self.*member); },
      [member, name](C& self, py::handle v) { self.*member = indices_from<T>(v, name); }, doc);
}

// T(field=value, ...): a default T with the named fields set; an unknown field is a TypeError
// that names the class, so that a typo is not silently a new attribute.
template <class T, class Class>
void keyword_init(Class& cls) {
  const std::string name = cls.attr("__name__").template cast<std::string>();
  cls.def(py::init([name](const py::kwargs& fields) {
            py::object o = py::cast(T{});
            for (const auto& [key, value] : fields) {
              if (!py::hasattr(o, key)) throw py::type_error(name + " has no field '" + py::str(key).cast<std::string>() + "'");
              try {
                o.attr(key) = value;
              } catch (py::error_already_set& e) {
                // A string for an enum that does not name one of its values: the enum's own error
                // lists the names (the implicit conversion reports only a type mismatch).
                if (!e.matches(PyExc_TypeError) || !py::isinstance<py::str>(value)) throw;
                py::type::of(o.attr(key))(value);
                throw;
              }
            }
            return o.cast<T>();
          }),
          ("A " + name + " with its defaults, changed by the keyword arguments given (its fields).").c_str());
}

// Lets every function that takes the enum also take its name as a string ("gaba", "fixed_indegree").
template <class E>
void named_by_strings(py::enum_<E>& e) {
  const std::string type = e.attr("__name__").template cast<std::string>();
  e.def(py::init([type](const std::string& name) {
    const py::dict members = py::type::of<E>().attr("__members__");
    if (members.contains(name)) return members[py::str(name)].template cast<E>();
    std::string known;
    for (const auto& [k, v] : members) known += (known.empty() ? "" : ", ") + py::str(k).cast<std::string>();
    throw py::value_error("unknown " + type + " '" + name + "' (known: " + known + ")");
  }));
  py::implicitly_convertible<py::str, E>();
}

}  // namespace engram::python
