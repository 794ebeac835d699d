// region-facts.h — what a region's code names outside itself, read from its opcodes when it turns
// hot: the user classes it uses (with their source text) and the types of the constants and
// globals it reads, sent with its source so the service can plan classes and specialize on them.
#ifndef POLYVIRT_REGION_FACTS_H
#define POLYVIRT_REGION_FACTS_H

#include <vector>

#include "wire.h"

extern "C" {
#include "php.h"
}

namespace pv {

// PHP thread. classes: the region's own class (for a method) and every class it names by a
// constant name in `new C`, `C::CONST` or `C::m()`, then their parents; only classes declared
// now (never autoloaded) whose source lines can be read. world: each constant ("NAME",
// "Class::NAME") and global (`global $x`, `$GLOBALS['x']`) once, with its current type.
void region_facts(const zend_op_array *op, std::vector<wire::ClassSource> *classes, std::vector<wire::WorldHint> *world);

} // namespace pv

#endif
