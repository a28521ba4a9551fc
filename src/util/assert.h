/*
** Assertions, as SQLite uses them (sqlite.org/assert.html). Three kinds
** of statement about the program, each saying something different to
** the reader:
**
**   assert(X)  X holds, always, by the design of the code around it: an
**              invariant (a cache never holds more than its size, a write
**              transaction is not nested, a route that writes has a write
**              check). Nothing handles X being false: a false assert is a
**              bug, and the program stops there rather than run on in a
**              state nobody reasoned about.
**
**   ALWAYS(X)  X is believed always true, but the code handles it being
**   NEVER(X)   false (NEVER: believed always false, handled when true)
**              anyway, because the cost of being wrong is high: a check
**              that fails closed. With asserts on, a wrong belief stops
**              the program like a false assert, so the tests find it;
**              with NDEBUG the expression is just X, and the handling runs.
**
**                if( NEVER(db_in_transaction(db)) ) db_rollback(db);
**
** Assertions are for what the program itself guarantees, never for what
** arrives from outside (a request, a file, the command line): input that
** can be wrong is validated and refused with an answer, not asserted.
** Nothing a client sends may make an assert fail. An assertion has no
** side effect the program relies on, and costs a compare or two: none
** walks a list on a path taken per row or per byte.
**
** Every build of this program, release included, is made without NDEBUG
** (see the Makefile): the asserts are part of what runs in production.
*/
#ifndef CC_ASSERT_H
#define CC_ASSERT_H
#include <assert.h>

#ifndef NDEBUG
# define ALWAYS(X)  ((X) ? 1 : (assert(0), 0))
# define NEVER(X)   ((X) ? (assert(0), 1) : 0)
#else
# define ALWAYS(X)  (X)
# define NEVER(X)   (X)
#endif

#endif
