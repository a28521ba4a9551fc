/* Markup and catalogue formats made from user text. */
void page_forged(struct req *r, const char *zUser){
  html_markup_trusted_unescaped(&r->body, (struct markup){ zUser });
  struct markup m = { zUser };
  struct markup ok = MARKUP_LITERAL("<br>");
  ok.z = zUser;
  html_markup_trusted_unescaped(&r->body, markup_from_safe_renderer(zUser));
  html_printf_t(&r->body, (struct i18n_format){ zUser });
  struct i18n_format f = { zUser };
  html_printf_t(&r->body, f);
  html_printf_(&r->body, zUser);
  (void)m;
}
#undef html_printf
