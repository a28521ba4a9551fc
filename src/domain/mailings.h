/*
** Scheduled mailings, run by the sender thread (src/mail/sender.c) about
** once a minute: each job decides whether its time has come (in Welsh
** local time) and queues its messages in one transaction with
** outbox_job_claim(), so that several servers and restarts send it once.
*/
#ifndef CC_MAILINGS_H
#define CC_MAILINGS_H
#include "db/db.h"
#include <stdbool.h>

/* Run whatever is due at now (Unix time). False if a job failed (it is
** tried again next time; what succeeded stays done). */
bool mailings_run(struct db *, long long now);

#endif
