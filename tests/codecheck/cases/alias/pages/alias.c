/* Raw output through aliases of r->body, in an HTML page. */
void page_echo(struct req *r){
  struct buf *b = &r->body;
  struct buf *o = b;
  html_printf(b, "<p>%s</p>", "safe");
  buf_puts(o, r->zQuery);
  buf_printf(b,
             "%s", r->zQuery);
}
/* The same writes in a JSON function are allowed. */
void api_echo(struct req *r){
  struct buf *b = &r->body;
  buf_puts(b, "{}");
}
