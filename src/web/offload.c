#include "web/offload.h"
#include "web/req.h"
#include "util/buf.h"
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct job { struct req *r; void (*xWork)(struct req *); };

static struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  struct job *aQueue;        /* a ring of nCap */
  int nCap, iHead, n;
  int nThread;
  int nBusy;                 /* threads running a job */
  long long nRefused;        /* req_offload found the queue full */
  pthread_t aThread[8];
  bool bStop;
  struct db *(*xDb)(void);
  void (*xDone)(struct req *);
} pool = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, 0, 0, 0, 0, {0}, false, 0, 0 };

static void *offload_main(void *p){
  (void)p;
  pthread_mutex_lock(&pool.mu);
  for(;;){
    while( pool.n==0 && !pool.bStop ) pthread_cond_wait(&pool.cv, &pool.mu);
    if( pool.n==0 ) break;                    /* stopping, and nothing left */
    struct job j = pool.aQueue[pool.iHead];
    pool.iHead = (pool.iHead+1) % pool.nCap;
    pool.n--;
    pool.nBusy++;
    pthread_mutex_unlock(&pool.mu);
    struct req *r = j.r;
    r->db = pool.xDb();                       /* this thread's connection */
    if( r->db ){
      j.xWork(r);
    }else{
      r->status = 503;
      r->zContentType = "text/plain; charset=utf-8";
      buf_puts(&r->body, "The database is not available.\n");
    }
    pool.xDone(r);
    pthread_mutex_lock(&pool.mu);
    pool.nBusy--;
  }
  pthread_mutex_unlock(&pool.mu);
  return 0;
}

bool offload_start(int nThread, int nQueue, struct db *(*xDb)(void), void (*xDone)(struct req *)){
  assert( pool.nThread==0 );
  if( nThread<=0 ) return true;
  if( nThread>8 ) nThread = 8;
  pool.xDb = xDb;
  pool.xDone = xDone;
  pool.nCap = nQueue>0 ? nQueue : 1;
  pool.aQueue = xcalloc((size_t)pool.nCap, sizeof pool.aQueue[0]);
  pool.bStop = false;
  for(int i=0; i<nThread; i++){
    if( pthread_create(&pool.aThread[i], 0, offload_main, 0)!=0 ){
      fprintf(stderr, "carecluster: could not start the offload threads\n");
      offload_stop();
      return false;
    }
    pool.nThread++;
  }
  return true;
}

void offload_stop(void){
  pthread_mutex_lock(&pool.mu);
  pool.bStop = true;
  pthread_cond_broadcast(&pool.cv);
  pthread_mutex_unlock(&pool.mu);
  for(int i=0; i<pool.nThread; i++) pthread_join(pool.aThread[i], 0);
  pool.nThread = 0;
  free(pool.aQueue);
  pool.aQueue = 0;
}

bool req_offload(struct req *r, void (*xWork)(struct req *)){
  if( pool.nThread==0 ){ xWork(r); return true; }
  pthread_mutex_lock(&pool.mu);
  bool bOk = pool.n<pool.nCap && !pool.bStop;
  if( bOk ){
    /* Suspend before the job can run: its answer must find the
    ** connection suspended. */
    http_defer(r->h);
    pool.aQueue[(pool.iHead+pool.n) % pool.nCap] = (struct job){ r, xWork };
    pool.n++;
    pthread_cond_signal(&pool.cv);
  }else{
    pool.nRefused++;
  }
  pthread_mutex_unlock(&pool.mu);
  return bOk;
}

void offload_stats(struct offload_stats *p){
  pthread_mutex_lock(&pool.mu);
  p->nThread = pool.nThread;
  p->nCapacity = pool.nThread ? pool.nCap : 0;
  p->nWaiting = pool.n;
  p->nBusy = pool.nBusy;
  p->nRefused = pool.nRefused;
  pthread_mutex_unlock(&pool.mu);
}
