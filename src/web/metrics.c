#include "web/metrics.h"
#include "web/offload.h"
#include "web/req.h"
#include "db/db.h"
#include "domain/outbox.h"
#include "http/http.h"
#include "util/assert.h"
#include <dirent.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

enum { M_GET, M_HEAD, M_POST, M_OTHER, N_METHOD };
static const char *const azMethod[N_METHOD] = { "GET", "HEAD", "POST", "other" };

/* The statuses counted by their code: every one the program, its HTTP
** layer and a client going away (499) answer with, and the usual others. */
static const short aStatus[] = {
  200, 201, 204, 206, 301, 302, 303, 304, 307, 308,
  400, 401, 403, 404, 405, 408, 409, 410, 411, 413, 414, 415, 422, 429, 431, 499,
  500, 501, 502, 503, 504,
};
#define N_KNOWN (int)(sizeof aStatus/sizeof aStatus[0])
#define N_STATUS (N_KNOWN+1)          /* the last counts any other status */

/* The histogram's upper bounds (le), in nanoseconds and as written. */
static const long long aBoundNs[] = {
  1000000, 2500000, 5000000, 10000000, 25000000, 50000000, 100000000,
  250000000, 500000000, 1000000000, 2500000000LL, 5000000000LL, 10000000000LL,
};
static const char *const azBound[] = {
  "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1",
  "0.25", "0.5", "1", "2.5", "5", "10",
};
#define N_BUCKET (int)(sizeof aBoundNs/sizeof aBoundNs[0])

static struct {
  const struct route *aRoute;
  int nRoute;                     /* row nRoute counts the unmatched */
  const char *zVersion;
  struct timespec start;
  unsigned char aSlot[600];       /* status -> its index in aStatus + 1; 0: other */
  atomic_ullong *aCount;          /* [nRoute+1][N_METHOD][N_STATUS] requests */
  atomic_ullong *aRouteNs;        /* [nRoute+1][N_METHOD] nanoseconds spent */
  atomic_ullong aBucket[N_BUCKET+1]; /* not cumulative: aBucket[i] counts aBoundNs[i-1] < t <= aBoundNs[i] */
  atomic_ullong sumNs;
} m;

void metrics_start(const struct route *aRoute, int nRoute, const char *zVersion){
  assert( m.aCount==0 && aRoute!=0 && nRoute>0 );
  assert( (int)(sizeof azBound/sizeof azBound[0])==N_BUCKET );
  m.aRoute = aRoute;
  m.nRoute = nRoute;
  m.zVersion = zVersion;
  clock_gettime(CLOCK_REALTIME, &m.start);
  for(int i=0; i<N_KNOWN; i++){
    assert( aStatus[i]>=100 && aStatus[i]<600 );
    m.aSlot[aStatus[i]] = (unsigned char)(i+1);
  }
  size_t nRow = (size_t)nRoute+1;
  m.aRouteNs = xcalloc(nRow*N_METHOD, sizeof m.aRouteNs[0]);
  m.aCount = xcalloc(nRow*N_METHOD*N_STATUS, sizeof m.aCount[0]);
  for(size_t i=0; i<nRow*N_METHOD; i++) atomic_init(&m.aRouteNs[i], 0);
  for(size_t i=0; i<nRow*N_METHOD*N_STATUS; i++) atomic_init(&m.aCount[i], 0);
}

static int method_index(const char *z){
  if( !z ) return M_OTHER;
  if( strcmp(z, "GET")==0 ) return M_GET;
  if( strcmp(z, "HEAD")==0 ) return M_HEAD;
  if( strcmp(z, "POST")==0 ) return M_POST;
  return M_OTHER;
}

const char *metrics_method_label(const char *zMethod){ return azMethod[method_index(zMethod)]; }

void metrics_count(int iRoute, const char *zMethod, int status, long long nNs){
  if( !m.aCount ) return;
  size_t iRow = iRoute>=0 && iRoute<m.nRoute ? (size_t)iRoute : (size_t)m.nRoute;
  size_t iCell = iRow*N_METHOD + (size_t)method_index(zMethod);
  int iStatus = status>=0 && status<600 && m.aSlot[status] ? m.aSlot[status]-1 : N_KNOWN;
  if( nNs<0 ) nNs = 0;
  int b = 0;
  while( b<N_BUCKET && nNs>aBoundNs[b] ) b++;
  atomic_fetch_add_explicit(&m.aCount[iCell*N_STATUS + (size_t)iStatus], 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&m.aRouteNs[iCell], (unsigned long long)nNs, memory_order_relaxed);
  atomic_fetch_add_explicit(&m.aBucket[b], 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&m.sumNs, (unsigned long long)nNs, memory_order_relaxed);
}

/* ---- writing ---------------------------------------------------------- */

static unsigned long long load(atomic_ullong *p){ return atomic_load_explicit(p, memory_order_relaxed); }

static void family(struct buf *b, const char *zName, const char *zType, const char *zHelp){
  buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", zName, zHelp, zName, zType);
}

/* A label's value, escaped as the format asks (\\, \" and \n). */
static void label_value(struct buf *b, const char *z){
  buf_putc(b, '"');
  for(; *z; z++){
    if( *z=='\\' ) buf_puts(b, "\\\\");
    else if( *z=='"' ) buf_puts(b, "\\\"");
    else if( *z=='\n' ) buf_puts(b, "\\n");
    else buf_putc(b, *z);
  }
  buf_putc(b, '"');
}

static const char *route_label(size_t iRow){
  return iRow<(size_t)m.nRoute ? m.aRoute[iRow].zPattern : "unmatched";
}

/* Nanoseconds as seconds, exactly. */
static void seconds(struct buf *b, unsigned long long ns){
  buf_printf(b, "%llu.%09llu", ns/1000000000, ns%1000000000);
}

/* The process's resident memory in bytes, its open file descriptors and
** their limit, from /proc; -1 for what cannot be read. */
static long long resident_bytes(void){
  FILE *f = fopen("/proc/self/statm", "r");
  if( !f ) return -1;
  long long nSize = 0, nResident = -1;
  if( fscanf(f, "%lld %lld", &nSize, &nResident)!=2 ) nResident = -1;
  fclose(f);
  return nResident<0 ? -1 : nResident*sysconf(_SC_PAGESIZE);
}
static long long open_fds(void){
  DIR *d = opendir("/proc/self/fd");
  if( !d ) return -1;
  long long n = 0;
  for(struct dirent *e; (e = readdir(d))!=0; ) if( e->d_name[0]!='.' ) n++;
  closedir(d);
  return n-1;                          /* not the one reading the folder */
}

void metrics_write(struct buf *b){
  size_t nRow = (size_t)m.nRoute+1;
  if( m.aCount ){
    family(b, "carecluster_http_requests_total", "counter",
           "Requests answered, by the route's pattern (unmatched: no route), method and status.");
    for(size_t i=0; i<nRow; i++){
      for(size_t j=0; j<N_METHOD; j++){
        for(size_t k=0; k<N_STATUS; k++){
          unsigned long long n = load(&m.aCount[(i*N_METHOD+j)*N_STATUS+k]);
          if( n==0 ) continue;
          buf_puts(b, "carecluster_http_requests_total{route=");
          label_value(b, route_label(i));
          buf_printf(b, ",method=\"%s\",status=", azMethod[j]);
          if( k<(size_t)N_KNOWN ) buf_printf(b, "\"%d\"", aStatus[k]);
          else buf_puts(b, "\"other\"");
          buf_printf(b, "} %llu\n", n);
        }
      }
    }
    family(b, "carecluster_http_request_duration_seconds", "histogram",
           "Time from a request's headers to its answer sent, over every route.");
    unsigned long long nCum = 0;
    for(int i=0; i<=N_BUCKET; i++){
      nCum += load(&m.aBucket[i]);
      buf_printf(b, "carecluster_http_request_duration_seconds_bucket{le=\"%s\"} %llu\n",
                 i<N_BUCKET ? azBound[i] : "+Inf", nCum);
    }
    buf_puts(b, "carecluster_http_request_duration_seconds_sum ");
    seconds(b, load(&m.sumNs));
    buf_printf(b, "\ncarecluster_http_request_duration_seconds_count %llu\n", nCum);
    family(b, "carecluster_http_route_duration_seconds_total", "counter",
           "Seconds spent answering each route; divided by its requests, the route's mean time.");
    for(size_t i=0; i<nRow; i++){
      for(size_t j=0; j<N_METHOD; j++){
        unsigned long long ns = load(&m.aRouteNs[i*N_METHOD+j]);
        bool bAny = false;
        for(size_t k=0; k<N_STATUS && !bAny; k++) bAny = load(&m.aCount[(i*N_METHOD+j)*N_STATUS+k])>0;
        if( !bAny ) continue;
        buf_puts(b, "carecluster_http_route_duration_seconds_total{route=");
        label_value(b, route_label(i));
        buf_printf(b, ",method=\"%s\"} ", azMethod[j]);
        seconds(b, ns);
        buf_putc(b, '\n');
      }
    }
  }
  family(b, "carecluster_http_requests_in_flight", "gauge",
         "Requests begun and not yet over (answer sent), this one included.");
  buf_printf(b, "carecluster_http_requests_in_flight %d\n", http_in_flight());

  struct offload_stats o;
  offload_stats(&o);
  family(b, "carecluster_offload_queue_waiting", "gauge",
         "Requests (sign-ins) waiting for an offload thread.");
  buf_printf(b, "carecluster_offload_queue_waiting %d\n", o.nWaiting);
  family(b, "carecluster_offload_queue_capacity", "gauge",
         "Requests that may wait for an offload thread; one more is answered 503.");
  buf_printf(b, "carecluster_offload_queue_capacity %d\n", o.nCapacity);
  family(b, "carecluster_offload_threads", "gauge", "Offload threads (password hashing for sign-in).");
  buf_printf(b, "carecluster_offload_threads %d\n", o.nThread);
  family(b, "carecluster_offload_threads_busy", "gauge", "Offload threads running a request's work.");
  buf_printf(b, "carecluster_offload_threads_busy %d\n", o.nBusy);
  family(b, "carecluster_offload_refused_total", "counter",
         "Requests answered 503 because the offload queue was full.");
  buf_printf(b, "carecluster_offload_refused_total %lld\n", o.nRefused);

  /* Circulation, when it is on: what this server's sender delivered, and
  ** the outbox as it last counted it (outbox_stats: no database here). */
  if( outbox_enabled() ){
    struct outbox_stats ms;
    outbox_stats(&ms);
    family(b, "carecluster_mail_sent_total", "counter", "Messages the SMTP relay accepted from this server's sender.");
    buf_printf(b, "carecluster_mail_sent_total %lld\n", ms.nSent);
    family(b, "carecluster_mail_attempts_failed_total", "counter",
           "Attempts to deliver a message that failed (each retry counts; the message waits or fails for good).");
    buf_printf(b, "carecluster_mail_attempts_failed_total %lld\n", ms.nAttemptsFailed);
    if( ms.bCounted ){
      family(b, "carecluster_mail_queued", "gauge",
             "Messages waiting to be sent (queued, retrying or being sent), counted every few seconds.");
      buf_printf(b, "carecluster_mail_queued %lld\n", ms.nQueued);
      family(b, "carecluster_mail_held", "gauge", "Messages held for a person's daily digest.");
      buf_printf(b, "carecluster_mail_held %lld\n", ms.nHeld);
      family(b, "carecluster_mail_failed", "gauge", "Messages that could not be delivered and were given up.");
      buf_printf(b, "carecluster_mail_failed %lld\n", ms.nFailed);
    }
  }

  family(b, "carecluster_db_errors_total", "counter", "Database errors on every connection.");
  buf_printf(b, "carecluster_db_errors_total %lld\n", db_error_count());

  family(b, "process_start_time_seconds", "gauge", "When the server started, in seconds since the Unix epoch.");
  buf_printf(b, "process_start_time_seconds %lld.%03ld\n", (long long)m.start.tv_sec, m.start.tv_nsec/1000000);
  struct timespec cpu;
  if( clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu)==0 ){
    family(b, "process_cpu_seconds_total", "counter", "CPU time of the process, user and system.");
    buf_puts(b, "process_cpu_seconds_total ");
    seconds(b, (unsigned long long)cpu.tv_sec*1000000000 + (unsigned long long)cpu.tv_nsec);
    buf_putc(b, '\n');
  }
  long long nRss = resident_bytes();
  if( nRss>=0 ){
    family(b, "process_resident_memory_bytes", "gauge", "Resident memory of the process.");
    buf_printf(b, "process_resident_memory_bytes %lld\n", nRss);
  }
  long long nFd = open_fds();
  if( nFd>=0 ){
    family(b, "process_open_fds", "gauge", "Open file descriptors (connections, database files, logs).");
    buf_printf(b, "process_open_fds %lld\n", nFd);
  }
  struct rlimit rl;
  if( getrlimit(RLIMIT_NOFILE, &rl)==0 && rl.rlim_cur!=RLIM_INFINITY ){
    family(b, "process_max_fds", "gauge", "The limit on open file descriptors.");
    buf_printf(b, "process_max_fds %llu\n", (unsigned long long)rl.rlim_cur);
  }
  family(b, "carecluster_build_info", "gauge", "The program's version, as a label; the value is 1.");
  buf_puts(b, "carecluster_build_info{version=");
  label_value(b, m.zVersion ? m.zVersion : "unknown");
  buf_puts(b, "} 1\n");
}
