/*
** The application's request: what every handler receives. The transport
** (struct http_req: method, path, query, form, cookies, an upload's file)
** is read through r->h; the rest is set by the dispatcher (app.c) before
** a handler runs: the database connection, who is signed in, the
** language, the route and the record its path names, already loaded
** through the domain's visible-record loader and checked.
**
** A handler writes its answer into status, body, zContentType and the
** headers; the dispatcher hands them to the transport afterwards.
*/
#ifndef CC_REQ_H
#define CC_REQ_H
#include "http/http.h"
#include "domain/access.h"
#include "domain/meeting.h"
#include "domain/member.h"
#include "domain/unit.h"
#include "html/i18n.h"
#include <stdbool.h>

struct req;

/* The kinds of record a route's path can name ({slug}, {id}, {item}). */
enum rec_kind {
  REC_NONE = 0,
  REC_UNIT,          /* {slug}: rec.unit */
  REC_MEETING,       /* {id}: rec.meeting */
  REC_ITEM,          /* {id}/{item}: rec.meeting and rec.item (restricted items checked) */
  REC_MEMBERSHIP,    /* {id}: rec.membership and its rec.unit */
  REC_ACTION,        /* {id}: rec.pAction */
  REC_PAPER,         /* {id}: rec.pPaper (its metadata), and the rec.meeting and rec.item it is on */
  REC_PERSON,        /* {id}: rec.personId, rec.zPersonName, rec.bPersonWrite */
  REC_QI_PROJECT,    /* {id}: rec.pProject */
  REC_QI_DRIVER,     /* {id}/{item}: rec.pProject and rec.pDriver */
  REC_PDSA,          /* {id}: rec.pPdsa and its rec.pProject */
  REC_MEASURE,       /* {id}: rec.pMeasure and its rec.pProject */
  REC_POINT,         /* {id}/{item}: rec.pMeasure, rec.pProject, rec.pSeries, rec.iPoint */
  REC_FEED,          /* {token}: rec.feedUser, the owner of a personal calendar feed */
  REC_DECLARATION,   /* {id}: rec.pDeclaration, with the rec.meeting and rec.item it was made on */
  REC_CALL,          /* {id}: rec.meeting, as a meeting's call for items; "write" is to propose (meeting_may_propose) */
  REC_PLAN,          /* {id}: rec.pPlan (bCanWrite set) */
  REC_PLAN_OBJECTIVE,/* {id}/{item}: rec.pPlan and its rec.pObjective */
  REC_PLAN_VIEW,     /* {id}: rec.pPlanView, a plan as its views read it (domain/plan_views.h) */
  REC_CATALOGUE,     /* nothing loaded: the indicator catalogue; "write" is indicator_can_manage */
  REC_NEEDS,         /* {id}: rec.pNeeds, a needs assessment ({item} below it is the handler's to load) */
  REC_PRIORITY,      /* {id}: rec.pPriority and its assessment rec.pNeeds */
  REC_BUSINESS_CASE, /* {id}: rec.pCase (bCanWrite: a writer of its unit, and a draft) */
  REC_SFI_VERSION,   /* {id}: rec.sfiVersionId and its health board rec.unit; "write" is writing the board */
  REC_COMMITMENT,    /* {id}: rec.pCommitment and its rec.unit; "write" is reading it (each step checks its own rule) */
  REC_WORK_PROJECT,  /* {id}: rec.pWork, a project (domain/project.h) and its rec.unit; "write" is pWork->bCanWrite */
  REC__MAX
};

/* ---- routes: what the dispatcher knows of each (the table is in app.c) ---- */

/* Who may use a route at all. */
enum need {
  NEED_NOBODY,       /* no session is even looked up: assets, the health check */
  NEED_ANYONE,       /* signed in or not: sign-in, language, calendar feeds */
  NEED_SIGNED_IN,
  NEED_ADMIN,
  /* An operator's: GET /metrics. Answered to a loopback client that came
  ** through no proxy, or with the operator's Bearer token
  ** (--metrics-token-file); to anyone else the path does not exist (404,
  ** as for any unknown path). No session is looked up, and no database
  ** connection is opened: r->db is NULL. */
  NEED_OPERATOR,
};
/* Values a query parameter may take; anything else answers 400. */
enum param_kind { P_INT, P_SLUG, P_LOCAL_PATH, P_TEXT };
struct param { const char *zName; enum param_kind kind; };
/* A route's flags. */
#define ROUTE_WRITE   0x01   /* changes its record: write access is checked before the handler */
#define ROUTE_UPLOAD  0x02   /* takes a multipart/form-data file of up to HTTP_MAX_FILE */
#define ROUTE_API     0x04   /* JSON answers; Bearer tokens accepted */
#define ROUTE_NO_CSRF 0x08   /* a POST without the session's token (none so far) */
#define ROUTE_LONG_FORM 0x10 /* a urlencoded form of up to HTTP_MAX_LONG_FORM (the minutes on one page) */
#define ROUTE_NO_DB 0x20     /* reads no database, so answers while it is away (assets, metrics): r->db is NULL */

struct route {
  const char *zMethod;
  const char *zPattern;        /* {slug}, {id}, {item}, {token}: typed captures; "*" at the end: the rest */
  enum need need;
  enum rec_kind kind;          /* what {slug}/{id}/{item} name, loaded before the handler */
  unsigned flags;              /* ROUTE_... */
  void (*xHandler)(struct req *);
  struct param aQuery[4];      /* declared query parameters */
};

struct action;
struct qi_project;
struct qi_pdsa;
struct qi_measure;
struct qi_series;
struct qi_driver;
struct paper;
struct declaration;
struct plan;
struct plan_objective;
struct planview_plan;
struct needs_assessment;
struct priority;
struct business_case;
struct commitment;
struct project;

/* The record a route names, loaded by the dispatcher. Only the members of
** the route's kind are set; the pointers are freed after the handler. */
struct rec {
  struct unit unit;
  struct meeting meeting;
  struct agenda_item item;
  struct membership membership;
  struct action *pAction;
  struct paper *pPaper;
  long long personId;
  char zPersonName[201];
  bool bPersonWrite;
  struct qi_project *pProject;
  struct qi_driver *pDriver;
  struct qi_pdsa *pPdsa;
  struct qi_measure *pMeasure;
  struct qi_series *pSeries;
  size_t iPoint;
  struct user feedUser;
  struct declaration *pDeclaration;
  struct plan *pPlan;
  struct plan_objective *pObjective;
  struct planview_plan *pPlanView;
  struct needs_assessment *pNeeds;
  struct priority *pPriority;
  struct business_case *pCase;
  long long sfiVersionId;
  struct commitment *pCommitment;
  struct project *pWork;
};

#define REQ_MAX_PARAMS 4

struct req {
  struct http_req *h;           /* the transport: method, path, query, form, cookies, file */
  const struct route *pRoute;   /* the matched route (app.c) */
  char *azParam[REQ_MAX_PARAMS];/* the path's {captures}, as text */
  long long aId[REQ_MAX_PARAMS];/* the same as numbers, for {id} and {item} (else 0) */
  int nParam;
  struct rec rec;               /* what the path names, loaded and checked */

  struct db *db;
  bool bSignedIn;
  struct user user;
  bool bViaToken;               /* signed in with an API token */
  char zSession[65];            /* the session token from the cookie */
  char zCsrf[65];               /* the session's CSRF token */
  enum lang lang;
  char zNonce[33];              /* CSP nonce for this response */
  char zToday[11];
  char zClientIp[64];           /* the client: the socket's peer, or the proxy's word for it */
  bool bTls;                    /* served over TLS (behind the proxy) */

  /* The response. */
  int status;
  struct buf body;
  const char *zContentType;
  struct kvlist headers;        /* extra headers (Set-Cookie, Location...) */
  const unsigned char *pStatic; /* a body that lives for the process */
  size_t nStatic;
  bool bCacheable;              /* static asset: may be cached */
};

/* The getters' strings live as long as the request; NULL means absent.
** What they return arrived from outside: only req_query's is validated
** (by the dispatcher, against the route's declared kind). */

/* A declared query parameter's value, or NULL; NULL too for a name the
** route does not declare, so a handler shared by several routes reads
** only what each declares. */
const char *req_query(struct req *, const char *zName);
/* The integer value (0 to 2^53) of a declared query parameter, or dflt
** when it is absent or not such a number. */
long long req_query_int(struct req *, const char *zName, long long dflt);
/* A form field of a POST (urlencoded, or an upload's text field), clean
** UTF-8 (the transport refused anything else), or NULL. */
const char *req_form(struct req *, const char *zName);
/* A cookie sent with the request, as sent (not decoded), or NULL. */
const char *req_cookie(struct req *, const char *zName);
/* A request header (case-insensitive name), or NULL. */
const char *req_header(struct req *, const char *zName);
/* Add a response header (copied). zName and zValue are the program's
** own, never text from a request unencoded: no line break (asserted). */
void req_add_header(struct req *, const char *zName, const char *zValue);
/* Set a cookie with the attributes every cookie of ours carries (Path=/,
** HttpOnly, SameSite=Lax, Secure over TLS); nMaxAge 0 removes it. The
** value is ours (a token, a language code): no ';' (asserted). */
void req_set_cookie(struct req *, const char *zName, const char *zValue, int nMaxAge);
/* A JSON error answer: status, and {"error":zMsg} as the whole body
** (whatever was written before is dropped). */
void req_json_error(struct req *, int status, const char *zMsg);
/* A redirect with 303 See Other to zLocation, a local path ("/...", as
** parse_is_local_path checks one from outside). The body is left as it is. */
void req_redirect(struct req *, const char *zLocation);

#endif
