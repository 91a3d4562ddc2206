// The engine's exceptions as Python exceptions with the engine's message: engram.Error and its
// subclasses, which are also ValueError (the user's input) or RuntimeError (no backend).
#include <Python.h>

#include "engine/errors.hpp"
#include "python/bindings/bindings.hpp"

namespace engram::python {
namespace {

// Created once at import; the module holds them, so they live as long as the translator.
PyObject* error_type = nullptr;
PyObject* invalid_network_type = nullptr;
PyObject* invalid_parameter_type = nullptr;
PyObject* invalid_data_type = nullptr;
PyObject* backend_unavailable_type = nullptr;

PyObject* new_type(py::module_& m, const char* name, std::initializer_list<PyObject*> bases, const char* doc) {
  py::tuple b(bases.size());
  size_t k = 0;
  for (PyObject* base : bases) b[k++] = py::reinterpret_borrow<py::object>(base);
  const std::string qualified = std::string("engram.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, b.ptr(), nullptr);
  if (!type) throw py::error_already_set();
  m.add_object(name, py::reinterpret_borrow<py::object>(type));
  return type;
}

}  // namespace

void bind_errors(py::module_& m) {
  error_type = new_type(m, "Error", {PyExc_Exception}, "Something asked of Engram is wrong; the message says exactly what.");
  invalid_network_type = new_type(m, "InvalidNetwork", {error_type, PyExc_ValueError}, "A network description breaks a rule (network.validate()).");
  invalid_parameter_type = new_type(m, "InvalidParameter", {error_type, PyExc_ValueError}, "A bad argument: an unknown name, a wrong length, a value out of range.");
  invalid_data_type = new_type(m, "InvalidData", {error_type, PyExc_ValueError}, "A file is missing or not what its format says.");
  backend_unavailable_type = new_type(m, "BackendUnavailable", {error_type, PyExc_RuntimeError}, "The backend asked for cannot run here or cannot run this network.");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const invalid_network& e) {
      PyErr_SetString(invalid_network_type, e.what());
    } catch (const invalid_parameter& e) {
      PyErr_SetString(invalid_parameter_type, e.what());
    } catch (const invalid_data& e) {
      PyErr_SetString(invalid_data_type, e.what());
    } catch (const backend_unavailable& e) {
      PyErr_SetString(backend_unavailable_type, e.what());
    } catch (const error& e) {
      PyErr_SetString(error_type, e.what());
    } catch (const internal_error& e) {
      PyErr_SetString(PyExc_RuntimeError, (std::string("engram internal error (a bug): ") + e.what()).c_str());
    }
  });
}

}  // namespace engram::python
