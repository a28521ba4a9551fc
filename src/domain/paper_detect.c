/* What an uploaded paper is, from its name and bytes (see paper_detect.h).
** Every read below is bounds-checked against n first; offsets read from
** the file are 64-bit and compared by subtraction, never by an addition
** that could wrap. */
#include "domain/paper_detect.h"
#include "util/text.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TYPE_PDF   "application/pdf"
#define TYPE_DOCX  "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define TYPE_XLSX  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define TYPE_DOC   "application/msword"
#define TYPE_XLS   "application/vnd.ms-excel"
#define TYPE_PNG   "image/png"
#define TYPE_JPEG  "image/jpeg"

/* Does zName end with extension zExt (".pdf"), ignoring case? */
static bool has_ext(const char *zName, const char *zExt){
  size_t n = strlen(zName), m = strlen(zExt);
  return n>m && strcasecmp(zName+n-m, zExt)==0;
}

static uint32_t le16(const unsigned char *p){ return (uint32_t)p[0] | (uint32_t)p[1]<<8; }
static uint32_t le32(const unsigned char *p){
  return (uint32_t)p[0] | (uint32_t)p[1]<<8 | (uint32_t)p[2]<<16 | (uint32_t)p[3]<<24;
}
static uint64_t le64(const unsigned char *p){ return (uint64_t)le32(p) | (uint64_t)le32(p+4)<<32; }
static uint32_t be16(const unsigned char *p){ return (uint32_t)p[0]<<8 | (uint32_t)p[1]; }
static uint32_t be32(const unsigned char *p){
  return (uint32_t)p[0]<<24 | (uint32_t)p[1]<<16 | (uint32_t)p[2]<<8 | (uint32_t)p[3];
}

/* ---- PDF ---------------------------------------------------------------- */

/* White space as PDF defines it (ISO 32000-1, 7.2.2). */
static bool pdf_space(unsigned char c){
  return c==0 || c=='\t' || c=='\n' || c=='\f' || c=='\r' || c==' ';
}

/* The file ends with its trailer, "startxref", the byte offset of the
** cross-reference section (before it), and "%%EOF", with nothing but white
** space after. Anything appended (a web page, a script) fails here. */
static bool pdf_complete(const unsigned char *p, size_t n){
  size_t e = n;
  while( e>0 && pdf_space(p[e-1]) ) e--;
  if( e<5 || memcmp(p+e-5, "%%EOF", 5)!=0 ) return false;
  e -= 5;
  size_t d = e;
  while( d>0 && pdf_space(p[d-1]) ) d--;
  if( d==e ) return false;                      /* an end of line before %%EOF */
  e = d;
  uint64_t xref = 0;
  while( d>0 && p[d-1]>='0' && p[d-1]<='9' && e-d<12 ) d--;
  if( d==e || e-d>=12 ) return false;
  for(size_t i=d; i<e; i++) xref = xref*10 + (uint64_t)(p[i]-'0');
  size_t s = d;
  while( s>0 && pdf_space(p[s-1]) ) s--;
  if( s==d || s<9+5 || memcmp(p+s-9, "startxref", 9)!=0 ) return false;
  return xref>=5 && xref<s-9;
}

/* ---- PNG ---------------------------------------------------------------- */

static uint32_t crc32_of(const unsigned char *p, size_t n){
  uint32_t aTab[256];
  for(uint32_t i=0; i<256; i++){
    uint32_t c = i;
    for(int k=0; k<8; k++) c = c&1 ? 0xEDB88320u ^ (c>>1) : c>>1;
    aTab[i] = c;
  }
  uint32_t c = 0xFFFFFFFFu;
  for(size_t i=0; i<n; i++) c = aTab[(c^p[i])&0xff] ^ (c>>8);
  return c ^ 0xFFFFFFFFu;
}

static bool png_complete(const unsigned char *p, size_t n){
  size_t i = 8;
  bool bIdat = false;
  for(int k=0; i<n; k++){
    if( n-i<12 ) return false;
    uint32_t len = be32(p+i);
    if( len>0x7fffffffu || len>n-i-12 ) return false;
    const unsigned char *t = p+i+4;
    for(int j=0; j<4; j++){
      if( !((t[j]>='A' && t[j]<='Z') || (t[j]>='a' && t[j]<='z')) ) return false;
    }
    if( crc32_of(t, 4+(size_t)len)!=be32(t+4+len) ) return false;
    bool bIhdr = memcmp(t, "IHDR", 4)==0;
    if( bIhdr!=(k==0) ) return false;           /* IHDR first, and only there */
    if( bIhdr && (len!=13 || be32(t+4)==0 || be32(t+8)==0) ) return false;
    if( memcmp(t, "IDAT", 4)==0 ) bIdat = true;
    i += 12+(size_t)len;
    if( memcmp(t, "IEND", 4)==0 ) return len==0 && bIdat && i==n;
  }
  return false;
}

/* ---- JPEG --------------------------------------------------------------- */

/* SOI, then marker segments (each inside the file) up to the first scan,
** with a frame header before it, and EOI as the last two bytes. */
static bool jpeg_complete(const unsigned char *p, size_t n){
  if( n<4 || p[n-2]!=0xFF || p[n-1]!=0xD9 ) return false;
  size_t i = 2;
  bool bFrame = false;
  for(;;){
    if( i>=n || p[i]!=0xFF ) return false;
    while( i<n && p[i]==0xFF ) i++;             /* fill bytes */
    if( i>=n ) return false;
    unsigned m = p[i++];
    if( m==0x00 || m==0xD8 || m==0xD9 ) return false;
    if( m==0x01 || (m>=0xD0 && m<=0xD7) ) continue;   /* no length */
    if( n-i<2 ) return false;
    size_t len = be16(p+i);
    if( len<2 || len>n-i ) return false;
    if( m>=0xC0 && m<=0xCF && m!=0xC4 && m!=0xC8 && m!=0xCC ) bFrame = true;
    if( m==0xDA ) return bFrame && len<=n-2-i;
    i += len;
  }
}

/* ---- ZIP (Office Open XML) ---------------------------------------------- */

struct zip_entry {
  uint64_t start, end;            /* local header .. end of data (and descriptor) */
  const unsigned char *zName;
  size_t nName;
};

static int by_start(const void *a, const void *b){
  const struct zip_entry *x = a, *y = b;
  return x->start<y->start ? -1 : x->start>y->start;
}
/* Part names compare without regard to ASCII case (ECMA-376 Part 2, 9.1.1). */
static int name_cmp(const unsigned char *a, size_t na, const unsigned char *b, size_t nb){
  for(size_t i=0; i<na && i<nb; i++){
    int ca = a[i]>='A' && a[i]<='Z' ? a[i]+32 : a[i];
    int cb = b[i]>='A' && b[i]<='Z' ? b[i]+32 : b[i];
    if( ca!=cb ) return ca-cb;
  }
  return na<nb ? -1 : na>nb;
}
static int by_name(const void *a, const void *b){
  const struct zip_entry *x = a, *y = b;
  return name_cmp(x->zName, x->nName, y->zName, y->nName);
}

/* The ZIP64 extended information extra field (id 1) of a central
** directory entry: each value the entry's own field marks as 0xFF..FF is
** there, in this order. False if one is missing. */
static bool zip64_extra(const unsigned char *x, size_t nx, uint64_t *pUsize, uint64_t *pCsize,
                        uint64_t *pOffset, uint32_t *pDisk){
  size_t i = 0;
  while( nx-i>=4 ){
    uint32_t id = le16(x+i), len = le16(x+i+2);
    if( len>nx-i-4 ) return false;
    if( id==1 ){
      const unsigned char *d = x+i+4;
      size_t k = 0;
      if( *pUsize==0xFFFFFFFFu ){ if( len-k<8 ) return false; *pUsize = le64(d+k); k += 8; }
      if( *pCsize==0xFFFFFFFFu ){ if( len-k<8 ) return false; *pCsize = le64(d+k); k += 8; }
      if( *pOffset==0xFFFFFFFFu ){ if( len-k<8 ) return false; *pOffset = le64(d+k); k += 8; }
      if( *pDisk==0xFFFFu ){ if( len-k<4 ) return false; *pDisk = le32(d+k); }
      return true;
    }
    i += 4+(size_t)len;
  }
  return false;
}

/* Is p a well-formed ZIP archive holding the parts [Content_Types].xml
** and zMain? The end of central directory record (the last one) ends the
** file, its comment running exactly to the end; the central directory lies just
** before it and holds exactly the entries it says; each entry's local
** header, name and data lie inside the file before the central directory,
** agree with the entry, and overlap no other; no name is there twice. */
static bool zip_complete(const unsigned char *p, size_t n, const char *zMain){
  if( n<22 ) return false;
  size_t eocd = SIZE_MAX;
  size_t lo = n-22>0xFFFF ? n-22-0xFFFF : 0;
  for(size_t i=n-22+1; i-- > lo; ){
    if( memcmp(p+i, "PK\5\6", 4)==0 ){ eocd = i; break; }
  }
  /* The last signature is the record: its comment must reach exactly to
  ** the end of the file (so nothing can be appended, nor a second record
  ** hidden in the comment). */
  if( eocd==SIZE_MAX || le16(p+eocd+20)!=n-eocd-22 ) return false;
  uint32_t disk = le16(p+eocd+4), cdDisk = le16(p+eocd+6);
  uint64_t nHere = le16(p+eocd+8), nTotal = le16(p+eocd+10);
  uint64_t cdSize = le32(p+eocd+12), cdOff = le32(p+eocd+16);
  uint64_t cdEnd = eocd;                        /* where the central directory must end */
  if( eocd>=20 && memcmp(p+eocd-20, "PK\6\7", 4)==0 ){
    /* ZIP64: the locator points at the ZIP64 end of central directory
    ** record, which must end where the locator begins. */
    const unsigned char *loc = p+eocd-20;
    uint64_t off = le64(loc+8);
    if( le32(loc+4)!=0 || le32(loc+16)!=1 ) return false;
    if( off>eocd-20 || eocd-20-off<56 ) return false;
    const unsigned char *z = p+off;
    if( memcmp(z, "PK\6\6", 4)!=0 || le64(z+4)!=eocd-20-off-12 ) return false;
    disk = le32(z+16); cdDisk = le32(z+20);
    nHere = le64(z+24); nTotal = le64(z+32); cdSize = le64(z+40); cdOff = le64(z+48);
    cdEnd = off;
  }else if( nHere==0xFFFF || nTotal==0xFFFF || cdSize==0xFFFFFFFFu || cdOff==0xFFFFFFFFu ){
    return false;                               /* ZIP64 values without the ZIP64 record */
  }
  if( disk!=0 || cdDisk!=0 || nHere!=nTotal ) return false;
  if( cdOff>cdEnd || cdSize!=cdEnd-cdOff ) return false;
  if( nTotal<2 || nTotal>cdSize/46 ) return false;
  struct zip_entry *a = malloc((size_t)nTotal*sizeof *a);
  if( !a ) return false;
  bool ok = true;
  uint64_t q = cdOff;
  for(uint64_t k=0; ok && k<nTotal; k++){
    const unsigned char *c = p+q;
    if( cdEnd-q<46 || memcmp(c, "PK\1\2", 4)!=0 ){ ok = false; break; }
    uint32_t flags = le16(c+8), method = le16(c+10);
    uint64_t csize = le32(c+20), usize = le32(c+24), lho = le32(c+42);
    uint32_t nName = le16(c+28), nExtra = le16(c+30), nComment = le16(c+32), diskStart = le16(c+34);
    if( 46+(uint64_t)nName+nExtra+nComment>cdEnd-q || nName==0 ){ ok = false; break; }
    bool b64 = csize==0xFFFFFFFFu || usize==0xFFFFFFFFu || lho==0xFFFFFFFFu || diskStart==0xFFFF;
    if( b64 && !zip64_extra(c+46+nName, nExtra, &usize, &csize, &lho, &diskStart) ){ ok = false; break; }
    /* One disk; no encryption (traditional, strong, or of the directory);
    ** stored or deflated, as Office writes. */
    if( diskStart!=0 || (flags & 0x2041) || (method!=0 && method!=8) ){ ok = false; break; }
    if( method==0 && csize!=usize ){ ok = false; break; }
    /* The local header, with the same name, and the data after it. */
    if( lho>cdOff || cdOff-lho<30 || memcmp(p+lho, "PK\3\4", 4)!=0 ){ ok = false; break; }
    const unsigned char *l = p+lho;
    uint32_t lName = le16(l+26), lExtra = le16(l+28);
    if( lName!=nName || 30+(uint64_t)lName+lExtra>cdOff-lho || memcmp(l+30, c+46, nName)!=0 ){
      ok = false;
      break;
    }
    uint64_t data = lho+30+lName+lExtra;
    if( csize>cdOff-data ){ ok = false; break; }
    uint64_t end = data+csize;
    if( flags & 8 ){
      /* The data descriptor: an optional signature, the CRC and both sizes. */
      uint64_t nDesc = b64 ? 20 : 12;
      if( cdOff-end>=4 && memcmp(p+end, "PK\7\x08", 4)==0 ) nDesc += 4;
      if( nDesc>cdOff-end ){ ok = false; break; }
      end += nDesc;
    }
    a[k].start = lho;
    a[k].end = end;
    a[k].zName = c+46;
    a[k].nName = nName;
    q += 46+(uint64_t)nName+nExtra+nComment;
  }
  if( ok && q!=cdEnd ) ok = false;
  if( ok ){
    qsort(a, (size_t)nTotal, sizeof *a, by_start);
    for(uint64_t k=1; ok && k<nTotal; k++) if( a[k].start<a[k-1].end ) ok = false;
  }
  if( ok ){
    qsort(a, (size_t)nTotal, sizeof *a, by_name);
    for(uint64_t k=1; ok && k<nTotal; k++){
      if( by_name(&a[k-1], &a[k])==0 ) ok = false;
    }
  }
  bool bTypes = false, bMain = false;
  for(uint64_t k=0; ok && k<nTotal; k++){
    static const char zTypes[] = "[Content_Types].xml";
    if( name_cmp(a[k].zName, a[k].nName, (const unsigned char*)zTypes, sizeof zTypes - 1)==0 ) bTypes = true;
    if( name_cmp(a[k].zName, a[k].nName, (const unsigned char*)zMain, strlen(zMain))==0 ) bMain = true;
  }
  free(a);
  return ok && bTypes && bMain;
}

/* ---- OLE2 compound file (Word 97-2003, Excel 97-2003) -------------------- */

#define OLE_FREE  0xFFFFFFFFu
#define OLE_END   0xFFFFFFFEu
#define OLE_FATSECT 0xFFFFFFFDu
#define OLE_MAXREG  0xFFFFFFFAu   /* below this: a sector number */

struct ole {
  const unsigned char *p;
  size_t n;
  uint32_t nSector;              /* sectors after the header (the last may be short) */
  uint32_t sectorSize;
  uint32_t nFat;
  uint32_t *aFat;                /* the sector number of each FAT sector */
};

/* The byte offset of sector s. */
static uint64_t ole_at(const struct ole *o, uint32_t s){ return ((uint64_t)s+1)*o->sectorSize; }
/* Is sector s wholly inside the file? */
static bool ole_whole(const struct ole *o, uint32_t s){
  return s<o->nSector && ole_at(o, s)+o->sectorSize<=o->n;
}
/* The FAT's entry for sector s (every FAT sector is known to be whole). */
static uint32_t ole_next(const struct ole *o, uint32_t s){
  uint32_t per = o->sectorSize/4;
  if( s/per>=o->nFat ) return OLE_FREE;
  return le32(o->p + ole_at(o, o->aFat[s/per]) + (size_t)(s%per)*4);
}

/* Does directory entry d (128 bytes) name a stream zName? */
static bool ole_entry_is(const unsigned char *d, const char *zName){
  size_t m = strlen(zName);
  if( d[66]!=2 || le16(d+64)!=(m+1)*2 ) return false;
  for(size_t i=0; i<m; i++){
    uint32_t c = le16(d+2*i);
    if( c>='A' && c<='Z' ) c += 32;
    uint32_t w = (unsigned char)zName[i];
    if( w>='A' && w<='Z' ) w += 32;
    if( c!=w ) return false;
  }
  return true;
}

/* Is p a compound file (MS-CFB) whose header agrees with its length, and
** does its directory hold a stream called zStream or zStream2? The header
** must give version 3 with 512-byte sectors or 4 with 4096-byte ones, the
** FAT sectors it lists (directly and through the DIFAT chain) must lie
** inside the file and be marked as FAT sectors, no sector beyond the end
** of the file may be in use, and the directory chain must end inside the
** file without a loop. */
static bool ole_complete(const unsigned char *p, size_t n, const char *zStream, const char *zStream2){
  if( n<512 ) return false;
  uint32_t major = le16(p+26), order = le16(p+28), shift = le16(p+30), miniShift = le16(p+32);
  if( order!=0xFFFE || miniShift!=6 ) return false;
  if( !((major==3 && shift==9) || (major==4 && shift==12)) ) return false;
  uint32_t nDir = le32(p+40), nFat = le32(p+44), dir1 = le32(p+48), cutoff = le32(p+56);
  uint32_t nMiniFat = le32(p+64), difat1 = le32(p+68), nDifat = le32(p+72);
  if( (major==3 && nDir!=0) || cutoff!=4096 ) return false;
  struct ole o = { p, n, 0, 1u<<shift, nFat, 0 };
  if( n<2*(size_t)o.sectorSize ) return false;
  o.nSector = (uint32_t)((n - o.sectorSize + o.sectorSize - 1)/o.sectorSize);
  uint32_t per = o.sectorSize/4;
  if( nFat==0 || nFat>o.nSector || (uint64_t)nFat*per<o.nSector ) return false;
  if( (uint64_t)nFat+nDifat+nMiniFat+nDir>o.nSector ) return false;
  if( nFat<=109 ? nDifat!=0 : (uint64_t)nDifat*(per-1)<nFat-109 ) return false;
  o.aFat = malloc((size_t)nFat*sizeof *o.aFat);
  if( !o.aFat ) return false;
  bool ok = true;
  for(uint32_t k=0; k<109; k++){
    uint32_t s = le32(p+76+4*k);
    if( k<nFat ){ if( !ole_whole(&o, s) ){ ok = false; break; } o.aFat[k] = s; }
    else if( s!=OLE_FREE ){ ok = false; break; }
  }
  /* The rest of the FAT's sectors, through the DIFAT chain. */
  uint32_t k = 109, d = difat1;
  for(uint32_t j=0; ok && j<nDifat; j++){
    if( !ole_whole(&o, d) ){ ok = false; break; }
    const unsigned char *q = p+ole_at(&o, d);
    for(uint32_t i=0; i<per-1 && k<nFat; i++, k++){
      uint32_t s = le32(q+4*i);
      if( !ole_whole(&o, s) ){ ok = false; break; }
      o.aFat[k] = s;
    }
    d = le32(q+4*(per-1));
  }
  if( ok && k<nFat && nFat>109 ) ok = false;
  /* Each FAT sector is marked as one; nothing past the end is in use. */
  for(uint32_t i=0; ok && i<nFat; i++) if( ole_next(&o, o.aFat[i])!=OLE_FATSECT ) ok = false;
  for(uint64_t s=0; ok && s<(uint64_t)nFat*per; s++){
    uint32_t v = ole_next(&o, (uint32_t)s);
    if( v==OLE_FREE ) continue;
    if( s>=o.nSector || (v<OLE_MAXREG && v>=o.nSector) ) ok = false;
  }
  /* The directory: whole sectors, ending in ENDOFCHAIN, no loop; the
  ** first entry the root storage. */
  bool bFound = false;
  uint32_t s = dir1;
  for(uint32_t j=0; ok && s!=OLE_END; j++){
    if( j>=o.nSector || !ole_whole(&o, s) ){ ok = false; break; }
    const unsigned char *q = p+ole_at(&o, s);
    for(uint32_t i=0; i<o.sectorSize/128; i++){
      const unsigned char *e = q+128*i;
      if( j==0 && i==0 && e[66]!=5 ){ ok = false; break; }
      if( ole_entry_is(e, zStream) || (zStream2 && ole_entry_is(e, zStream2)) ) bFound = true;
    }
    s = ole_next(&o, s);
  }
  free(o.aFat);
  return ok && bFound;
}

/* ---- the kinds ---------------------------------------------------------- */

const char *paper_check(const unsigned char *p, size_t n, const char *zName, const char **pzError){
  static const unsigned char aPng[8] = {0x89,'P','N','G','\r','\n',0x1a,'\n'};
  static const unsigned char aOle[8] = {0xD0,0xCF,0x11,0xE0,0xA1,0xB1,0x1A,0xE1};
  const char *zErr = "paper.error_type";
  const char *zType = 0;
  if( !p || !zName ){
    /* refused below */
  }else if( has_ext(zName, ".pdf") ){
    if( n>=5 && memcmp(p, "%PDF-", 5)==0 ){
      if( pdf_complete(p, n) ) zType = TYPE_PDF; else zErr = "paper.error_pdf";
    }
  }else if( has_ext(zName, ".png") ){
    if( n>=8 && memcmp(p, aPng, 8)==0 ){
      if( png_complete(p, n) ) zType = TYPE_PNG; else zErr = "paper.error_png";
    }
  }else if( has_ext(zName, ".jpg") || has_ext(zName, ".jpeg") ){
    if( n>=3 && p[0]==0xFF && p[1]==0xD8 && p[2]==0xFF ){
      if( jpeg_complete(p, n) ) zType = TYPE_JPEG; else zErr = "paper.error_jpeg";
    }
  }else if( has_ext(zName, ".docx") || has_ext(zName, ".xlsx") ){
    bool bWord = has_ext(zName, ".docx");
    if( n>=4 && memcmp(p, "PK\3\4", 4)==0 ){
      if( zip_complete(p, n, bWord ? "word/document.xml" : "xl/workbook.xml") ) zType = bWord ? TYPE_DOCX : TYPE_XLSX;
      else zErr = bWord ? "paper.error_word" : "paper.error_excel";
    }
  }else if( has_ext(zName, ".doc") || has_ext(zName, ".xls") ){
    bool bWord = has_ext(zName, ".doc");
    if( n>=8 && memcmp(p, aOle, 8)==0 ){
      /* Excel 97 and later keep the workbook in "Workbook", Excel 5 in "Book". */
      if( bWord ? ole_complete(p, n, "WordDocument", 0) : ole_complete(p, n, "Workbook", "Book") ){
        zType = bWord ? TYPE_DOC : TYPE_XLS;
      }else{
        zErr = bWord ? "paper.error_word" : "paper.error_excel";
      }
    }
  }
  if( pzError ) *pzError = zType ? 0 : zErr;
  return zType;
}

const char *paper_detect(const unsigned char *p, size_t n, const char *zName){
  return paper_check(p, n, zName, 0);
}

/* ---- names -------------------------------------------------------------- */

/* The code point of the UTF-8 sequence at z (Unicode Table 3-7, strictly)
** into *pc; its length, or 0 if it is not UTF-8. */
static size_t utf8_decode(const unsigned char *z, uint32_t *pc){
  uint32_t c = z[0];
  if( c<0x80 ){ *pc = c; return 1; }
  size_t m;
  unsigned lo = 0x80, hi = 0xBF;
  if( c>=0xC2 && c<=0xDF ){ m = 1; c &= 0x1F; }
  else if( c==0xE0 ){ m = 2; lo = 0xA0; c &= 0x0F; }
  else if( (c>=0xE1 && c<=0xEC) || c==0xEE || c==0xEF ){ m = 2; c &= 0x0F; }
  else if( c==0xED ){ m = 2; hi = 0x9F; c &= 0x0F; }
  else if( c==0xF0 ){ m = 3; lo = 0x90; c &= 0x07; }
  else if( c>=0xF1 && c<=0xF3 ){ m = 3; c &= 0x07; }
  else if( c==0xF4 ){ m = 3; hi = 0x8F; c &= 0x07; }
  else return 0;
  for(size_t i=1; i<=m; i++){
    unsigned b = z[i];                         /* a NUL stops here: it is not 0x80-0xBF */
    if( b<(i==1 ? lo : 0x80) || b>(i==1 ? hi : 0xBF) ) return 0;
    c = c<<6 | (b&0x3F);
  }
  *pc = c;
  return m+1;
}

/* Characters a file name loses: controls, and the marks that reorder how
** text is shown (so "gpj.exe" cannot pass for "exe.jpg"). */
static bool name_drops(uint32_t c){
  return c<0x20 || (c>=0x7F && c<=0x9F) || c==0x061C || c==0x200E || c==0x200F
      || (c>=0x202A && c<=0x202E) || (c>=0x2066 && c<=0x2069);
}

bool paper_clean_name(const char *zIn, char zOut[PAPER_MAX_NAME+1]){
  zOut[0] = 0;
  if( !zIn ) return false;
  /* The base name: browsers on Windows once sent whole paths. */
  const char *zBase = zIn;
  for(const char *q=zIn; *q; q++) if( *q=='/' || *q=='\\' ) zBase = q+1;
  size_t n = 0;
  for(const unsigned char *q=(const unsigned char*)zBase; *q; ){
    uint32_t c;
    size_t m = utf8_decode(q, &c);
    if( m==0 ){ zOut[0] = 0; return false; }
    if( !name_drops(c) ){
      if( n+m>PAPER_MAX_NAME ){ zOut[0] = 0; return false; }
      memcpy(zOut+n, q, m);
      n += m;
    }
    q += m;
  }
  zOut[n] = 0;
  /* Trim spaces at either end. */
  while( n && zOut[n-1]==' ' ) zOut[--n] = 0;
  size_t k = strspn(zOut, " ");
  if( k ){ memmove(zOut, zOut+k, n-k+1); n -= k; }
  if( n==0 || strcmp(zOut, ".")==0 || strcmp(zOut, "..")==0 || !text_is_clean_utf8(zOut, false) ){
    zOut[0] = 0;
    return false;
  }
  return true;
}
