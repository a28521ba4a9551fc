/* The audit entry and correction of a record of a meeting (see record_log.h). */
#include "domain/record_log.h"
#include "domain/audit.h"
#include "util/json.h"
#include <string.h>

bool record_log_create(struct db *db, const struct user *u, long long meetingId, long long unitId,
                       const char *zEntity, const char *zKind, long long id, struct buf *pNew,
                       enum record_write w, const char *zReason){
  bool bCorrect = w==RECORD_CORRECT;
  /* The record's own fields: what the correction keeps as its new values. */
  struct buf rec = {0};
  if( bCorrect ){
    buf_puts(&rec, buf_cstr(pNew));
    buf_putc(&rec, '}');
  }
  bool bFirst = pNew->n<=1;
  if( bCorrect ) json_kv_str(pNew, &bFirst, "correction_reason", zReason);
  buf_putc(pNew, '}');
  bool ok = audit_record(db, u, "create", zEntity, id, unitId, 0, buf_cstr(pNew));
  if( ok && bCorrect ) ok = record_correction(db, u, meetingId, zKind, id, 0, buf_cstr(&rec), zReason);
  buf_free(&rec);
  return ok;
}
