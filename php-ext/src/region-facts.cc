// region-facts.cc — classes and world hints of a region, from its opcodes (see region-facts.h).
#include "region-facts.h"

#include <string>

#include "host.h"
#include "profile.h"
#include "source.h"

namespace pv {

namespace {

constexpr size_t kMaxClasses = 32;
constexpr size_t kMaxHints = 64;

std::string str_of(const zval *z) { return Z_TYPE_P(z) == IS_STRING ? std::string(Z_STRVAL_P(z), Z_STRLEN_P(z)) : ""; }

void add_class(zend_class_entry *ce, std::vector<zend_class_entry *> *seen) {
  for (; ce && ce->type == ZEND_USER_CLASS && seen->size() < kMaxClasses; ce = ce->parent) {
    for (zend_class_entry *s : *seen)
      if (s == ce) return; // its parents are in already
    seen->push_back(ce);
  }
}

void add_hint(std::vector<wire::WorldHint> *world, wire::WorldHint::Kind kind, std::string name, uint32_t type) {
  if (name.empty() || world->size() >= kMaxHints) return;
  for (const auto &h : *world)
    if (h.kind == kind && h.name == name) return;
  world->push_back({kind, std::move(name), type});
}

// The report type of a value PHP could read without side effects now; 0 when undefined or when
// reading it would do work first (an unevaluated constant expression, a class not loaded).
uint32_t type_of(const zval *z) {
  if (!z || Z_TYPE_P(z) == IS_UNDEF || Z_TYPE_P(z) == IS_CONSTANT_AST) return 0;
  return profile_report_type(z);
}

uint32_t global_type(const std::string &name) {
  zval *z = zend_hash_str_find(&EG(symbol_table), name.data(), name.size());
  if (z && Z_TYPE_P(z) == IS_INDIRECT) z = Z_INDIRECT_P(z);
  return type_of(z);
}

bool is_global_fetch(const zend_op *opline) {
  switch (opline->opcode) {
  case ZEND_FETCH_R: case ZEND_FETCH_W: case ZEND_FETCH_RW: case ZEND_FETCH_IS:
  case ZEND_FETCH_UNSET: case ZEND_FETCH_FUNC_ARG:
    return opline->op1_type == IS_CONST && (opline->extended_value & ZEND_FETCH_TYPE_MASK) == ZEND_FETCH_GLOBAL;
  default: return false;
  }
}

} // namespace

void region_facts(const zend_op_array *op, std::vector<wire::ClassSource> *classes, std::vector<wire::WorldHint> *world) {
  std::vector<zend_class_entry *> seen;
  if (op->scope && !(op->fn_flags & ZEND_ACC_CLOSURE)) add_class(op->scope, &seen);
  for (uint32_t i = 0; i < op->last; ++i) {
    const zend_op *opline = &op->opcodes[i];
    switch (opline->opcode) {
    case ZEND_NEW:
    case ZEND_INIT_STATIC_METHOD_CALL:
      if (opline->op1_type == IS_CONST) {
        std::string cls = str_of(RT_CONSTANT(opline, opline->op1));
        add_class(host_find_class(cls.data(), cls.size()), &seen);
      }
      break;
    case ZEND_FETCH_CLASS_CONSTANT:
      if (opline->op1_type == IS_CONST && opline->op2_type == IS_CONST) {
        std::string cls = str_of(RT_CONSTANT(opline, opline->op1));
        add_class(host_find_class(cls.data(), cls.size()), &seen);
        std::string name = cls + "::" + str_of(RT_CONSTANT(opline, opline->op2));
        add_hint(world, wire::WorldHint::constant, name, type_of(host_find_constant(name.data(), name.size())));
      }
      break;
    case ZEND_FETCH_CONSTANT: {
      // The first literal is the name as resolved at compile time ("NS\NAME" or "NAME"). An
      // unqualified name inside a namespace was written "NAME" and reads NS\NAME, else the
      // global NAME, at run time: the hint names it as written, with the type PHP would read.
      std::string name = str_of(RT_CONSTANT(opline, opline->op2));
      const zval *v = host_find_constant(name.data(), name.size());
      size_t slash = name.rfind('\\');
      if ((opline->op1.num & IS_CONSTANT_UNQUALIFIED_IN_NAMESPACE) && slash != std::string::npos) {
        name = name.substr(slash + 1);
        if (!v) v = host_find_constant(name.data(), name.size());
      }
      add_hint(world, wire::WorldHint::constant, name, type_of(v));
      break;
    }
    case ZEND_BIND_GLOBAL:
      if (opline->op2_type == IS_CONST) {
        std::string name = str_of(RT_CONSTANT(opline, opline->op2));
        add_hint(world, wire::WorldHint::global, name, global_type(name));
      }
      break;
    default:
      if (is_global_fetch(opline)) {
        std::string name = str_of(RT_CONSTANT(opline, opline->op1));
        add_hint(world, wire::WorldHint::global, name, global_type(name));
      }
    }
  }
  for (zend_class_entry *ce : seen) {
    const char *file = ce->info.user.filename ? ZSTR_VAL(ce->info.user.filename) : nullptr;
    wire::ClassSource c;
    if (!file || !source_lines(file, ce->info.user.line_start, ce->info.user.line_end, &c.text)) continue;
    c.name.assign(ZSTR_VAL(ce->name), ZSTR_LEN(ce->name));
    if (ce->parent) c.parent.assign(ZSTR_VAL(ce->parent->name), ZSTR_LEN(ce->parent->name));
    c.file = file;
    c.line_start = ce->info.user.line_start;
    c.line_end = ce->info.user.line_end;
    c.sha256 = sha256_hex(c.text.data(), c.text.size());
    classes->push_back(std::move(c));
  }
}

} // namespace pv
