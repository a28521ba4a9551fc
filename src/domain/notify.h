/*
** What is sent when something happens: each function composes one kind
** of message and queues it (src/domain/outbox.h) for each person it
** concerns, inside the caller's write transaction. Each returns false
** only on a database failure (the caller's transaction is then doomed);
** a person without an e-mail address is simply not sent anything.
*/
#ifndef CC_NOTIFY_H
#define CC_NOTIFY_H
#include "db/db.h"
#include "domain/access.h"
#include "domain/action.h"
#include <stdbool.h>

/* Tell the lead of action a that it is theirs (given by pActor). Nobody is
** told of an action they gave themselves. */
bool notify_action_lead(struct db *, const struct user *pActor, const struct action *a);

#endif
