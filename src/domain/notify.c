#include "domain/notify.h"
#include "domain/outbox.h"
#include "domain/unit.h"
#include <stdio.h>
#include <string.h>

/* ---- an action for you ------------------------------------------------ */

struct action_letter { const struct user *pActor; const struct action *a; };

static void write_action_lead(struct letter *l, enum lang lang, void *pCtx){
  const struct action_letter *x = pCtx;
  const struct action *a = x->a;
  letter_subject(l, I18N_FORMAT(lang, "mail.action_lead.subject"), a->zRef);
  letter_para(l, I18N_FORMAT(lang, "mail.action_lead.intro"), x->pActor->zName,
              unit_name_in(lang, a->zUnitName, a->zUnitNameCy));
  letter_quote(l, a->zDescription);
  if( a->zDue[0] ){
    char zDue[48];
    letter_date(lang, a->zDue, zDue);
    letter_para(l, I18N_FORMAT(lang, "mail.action_lead.due"), zDue);
  }
  char zPath[48];
  snprintf(zPath, sizeof zPath, "/actions/%lld", a->id);
  letter_link(l, i18n_get(lang, "mail.action_lead.link"), zPath);
}

bool notify_action_lead(struct db *db, const struct user *pActor, const struct action *a){
  struct recipient to;
  if( a->leadPersonId<=0 || !outbox_recipient_person(db, a->leadPersonId, &to) ) return true;
  if( pActor && to.userId>0 && to.userId==pActor->id ) return true;
  struct action_letter x = { pActor, a };
  struct outbox_mail m = {
    .zKind = "action_lead", .unitId = a->unitId, .meetingId = a->meetingId, .to = &to,
    .write = write_action_lead, .pCtx = &x,
  };
  return outbox_queue(db, &m);
}
