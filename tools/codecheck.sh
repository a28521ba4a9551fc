#!/bin/sh
# Build gate, run by every plain `make`: SQL only through db_prepare() with
# a literal (values bound), HTML only through html_printf() with a literal
# format or html_printf_t() with a catalogue format, markup made only where
# html.h allows, and the sqlite3 / libpq / libmicrohttpd APIs only in their own
# layer. Prints each breach as file:line: message; exits 1 on any.
#
# The compiler already refuses a non-literal SQL text or format (db_prepare
# and html_printf paste "" around it); these checks name the breach in
# words, and cover what a compiler cannot see: raw output into a page,
# forged markup, SQL assembled at run time, layering.
#
# CODECHECK_SRC (default: src) is the tree checked; tests/codecheck/ runs
# this script on files made to break each rule.
set -u
src=${CODECHECK_SRC:-src}
fail=0
breach(){ echo "codecheck: $1"; fail=1; }

# The C checks, in Perl: they read a whole file at once, so a call split
# over several lines is seen whole. Comments are blanked first (keeping
# line numbers); string literals are kept.
perl - "$src" <<'PERL' || fail=1
use strict; use warnings;
my $root = shift;
my $fail = 0;
my @files = split /\n/, `find "$root" -name '*.[ch]' | sort`;

sub breach { my ($f, $text, $pos, $msg) = @_;
  my $line = 1 + (substr($text, 0, $pos) =~ tr/\n//);
  print "codecheck: $f:$line: $msg\n"; $fail = 1; }

# The text with comments replaced by spaces (newlines kept).
sub strip { my $t = shift; my $o = '';
  while( $t =~ /\G(?:("(?:[^"\\\n]|\\.)*")|('(?:[^'\\\n]|\\.)*')|(\/\*.*?\*\/)|(\/\/[^\n]*)|([^"'\/]+|\/))/gsc ){
    if( defined $3 ){ (my $c = $3) =~ s/[^\n]/ /g; $o .= $c; }
    elsif( defined $4 ){ $o .= ' ' x length $4; }
    else{ $o .= $&; }
  }
  $o .= substr($t, pos($t)//0);
  return $o; }

# From $pos (just after an opening parenthesis): the offset of the next
# top-level comma or of the closing parenthesis.
sub arg_end { my ($t, $pos) = @_; my $d = 0;
  while( $pos < length $t ){
    my $c = substr($t, $pos, 1);
    if( $c eq '"' || $c eq "'" ){
      my $rest = substr($t, $pos);
      if( $rest =~ /^(${c}(?:[^${c}\\]|\\.)*${c})/s ){ $pos += length $1; next; }
    }
    if( $c eq '(' || $c eq '[' || $c eq '{' ){ $d++; }
    elsif( $c eq ')' || $c eq ']' || $c eq '}' ){ return $pos if $d==0; $d--; }
    elsif( $c eq ',' && $d==0 ){ return $pos; }
    $pos++;
  }
  return $pos; }

# The adjacent string literals at $pos, joined ("" when none).
sub literal_at { my ($t, $pos) = @_; my $s = '';
  while( substr($t, $pos) =~ /^\s*"((?:[^"\\]|\\.)*)"/s ){ $s .= $1; $pos += length $&; }
  return $s; }

my $sql = qr/\bselect\b.*\bfrom\b|\binsert\s+(?:or\s+\w+\s+)?into\b|\bupdate\s+\S+\s+set\b|\bdelete\s+from\b|\breplace\s+into\b|\b(?:create|drop|alter)\s+(?:table|index|view|trigger)\b|\bpragma\s+[a-z_]|\bwhere\s+\w+\s*(?:=|<|>|\blike\b|\bin\b|\bis\b)/is;

for my $f (@files){
  open my $fh, '<', $f or die "$f: $!";
  local $/; my $raw = <$fh>; close $fh;
  my $t = strip($raw);
  (my $rel = $f) =~ s/^\Q$root\E\/?//;
  my $inDb = $rel =~ m{^db/};
  my $isHtml = $rel =~ m{^html/html\.[ch]$};
  my $isI18n = $rel =~ m{^html/i18n\.h$};

  # 1. db_prepare's SQL and html_printf's format: a literal (or a macro
  #    in capitals that is one), wherever the line breaks fall.
  while( $t =~ /\b(db_prepare|html_printf)\s*\(/g ){
    my ($fn, $p) = ($1, pos $t);
    my $lineStart = rindex($t, "\n", $p) + 1;
    next if substr($t, $lineStart, $p-$lineStart) =~ /^\s*#\s*define\b/;
    my $e = arg_end($t, $p);
    next if substr($t, $e, 1) ne ',';
    my $rest = substr($t, $e+1);
    next if $rest =~ /^\s*(?:"|[A-Z][A-Z0-9_]*\b(?!\s*\())/;
    breach($f, $t, $p, $fn eq 'db_prepare'
      ? "db_prepare with a non-literal SQL string (bind values instead)"
      : "html_printf with a non-literal format (a catalogue format goes through html_printf_t and TF)");
  }
  # 2. The functions behind those macros are not called directly, nor the
  #    macros undone.
  while( $t =~ /\bdb_prepare_\s*\(/g ){
    breach($f, $t, pos $t, "db_prepare_ called directly (use db_prepare with a literal)") unless $inDb;
  }
  while( $t =~ /\bhtml_printf_\s*\(/g ){
    breach($f, $t, pos $t, "html_printf_ called directly (use html_printf with a literal)") unless $isHtml;
  }
  while( $t =~ /#\s*undef\s+(db_prepare|html_printf|MARKUP_LITERAL|I18N_FORMAT|TF|T)\b/g ){
    breach($f, $t, pos $t, "#undef $1: the literal-only macros stay in force");
  }
  # 3. No SQL assembled at run time: no printf-family format that reads as
  #    SQL, in any case; and the only entry for SQL text that is not a
  #    literal, db_exec_script, belongs to the database layer.
  unless( $inDb ){
    while( $t =~ /\b(s?n?printf|v?s?n?printf|asprintf|vasprintf|buf_v?printf)\s*\(/g ){
      my ($fn, $p) = ($1, pos $t);
      my $q = $p;
      # The format is the first literal among the first three arguments.
      for my $i (1..3){
        my $lit = literal_at($t, $q);
        if( length $lit ){
          breach($f, $t, $p, "SQL built with $fn (write it as a literal and bind the values)") if $lit =~ $sql;
          last;
        }
        my $e = arg_end($t, $q);
        last if substr($t, $e, 1) ne ',';
        $q = $e+1;
      }
    }
    while( $t =~ /\bdb_exec_script\s*\(/g ){
      breach($f, $t, pos $t, "db_exec_script outside src/db (it runs any text: migrations only)");
    }
  }
  # 4. Markup and catalogue formats are made only as their headers allow:
  #    no compound literal, initialiser or field assignment elsewhere.
  unless( $isHtml ){
    while( $t =~ /\(\s*(?:const\s+)?struct\s+markup\s*\)\s*\{|\(\s*(?:const\s+)?struct\s+markup\s*\*\s*\)/g ){
      breach($f, $t, pos $t, "forged struct markup (use MARKUP_LITERAL, or markup_from_safe_renderer where allowed)");
    }
    while( $t =~ /\bstruct\s+markup\s+(?:const\s+)?(\w+)\s*(?:\[[^\]]*\]\s*)?=\s*+(?!MARKUP_LITERAL\s*\()/g ){
      breach($f, $t, pos $t, "struct markup $1 made from something other than MARKUP_LITERAL");
    }
    my %m = map { $_ => 1 } ($t =~ /\bstruct\s+markup\s+(?:const\s+)?\*?\s*(\w+)/g);
    while( $t =~ /\b(\w+)\s*(?:\.|->)\s*z\s*=(?!=)/g ){
      breach($f, $t, pos $t, "assignment into struct markup $1") if $m{$1};
    }
    while( $t =~ /\bmarkup_from_safe_renderer\s*\(/g ){
      # The one caller: the minutes, rendered by cmark in safe mode.
      breach($f, $t, pos $t, "markup_from_safe_renderer outside the files allowed to call it (add the file to this list after review)")
        unless $rel eq 'pages/decisions.c';
    }
  }
  unless( $isI18n ){
    while( $t =~ /\(\s*(?:const\s+)?struct\s+i18n_format\s*\)\s*\{|(?:\.|->)\s*zFmt\s*=(?!=)|\bstruct\s+i18n_format\s+(?:const\s+)?\w+\s*=\s*+(?!I18N_FORMAT\s*\(|TF\s*\()/g ){
      breach($f, $t, pos $t, "forged struct i18n_format (make it with TF or I18N_FORMAT from a literal key)")
        unless $rel eq 'html/html.c' && $& =~ /zFmt/;
    }
  }
  # 5. Raw output into a page: in an HTML-writing function of pages/ or
  #    html/, no buf_* write into r->body or any alias of it. A function
  #    writes JSON or CSV, and may, when its name says so (api_*, *_json,
  #    *_csv) or it sets a content type other than HTML.
  if( $rel =~ m{^(?:pages|html)/} && $rel !~ m{^(?:html/html\.c|pages/api\.c|pages/misc\.c|pages/actions_export\.c)$} ){
    while( $t =~ /^(?:static\s+)?[A-Za-z_][\w\s\*]*?\b(\w+)\s*\([^;{]*\)\s*\{(.*?)^\}/msg ){
      my ($fn, $body, $bodyPos) = ($1, $2, $-[2]);
      next if $fn =~ /^api_|_json$|_csv$/;
      next if $body =~ /zContentType\s*=\s*"(?!text\/html)/;
      my %alias = ();
      my $grew = 1;
      while( $grew ){
        $grew = 0;
        while( $body =~ /\b(\w+)\s*=\s*(?:&\s*r\s*->\s*body\b|(\w+)\s*[;,)])/g ){
          my ($a, $from) = ($1, $2);
          next if $alias{$a};
          if( !defined $from || $alias{$from} ){ $alias{$a} = 1; $grew = 1; }
        }
      }
      while( $body =~ /\bbuf_(?:puts|putc|printf|vprintf|append)\s*\(\s*(&\s*r\s*->\s*body|\w+)\s*,/g ){
        my $dst = $1;
        next unless $dst =~ /r\s*->\s*body/ || $alias{$dst};
        breach($f, $t, $bodyPos + pos($body), "raw buf_* into an HTML body through $dst in $fn (use html_printf)");
      }
    }
  }
  # 6. Layering: only the database layer calls sqlite3 and libpq, only http.c
  #    includes microhttpd.h, only the sender includes curl.h.
  if( !$inDb && $t =~ /\bsqlite3_\w+/ ){ breach($f, $t, $-[0], "sqlite3_ called outside src/db"); }
  if( !$inDb && $t =~ /#\s*include\s*<libpq-fe\.h>|\bPQ[a-z]\w*\s*\(/ ){ breach($f, $t, $-[0], "libpq used outside src/db"); }
  if( $rel ne 'http/http.c' && $t =~ /#\s*include\s*<microhttpd\.h>/ ){ breach($f, $t, $-[0], "microhttpd.h included outside src/http/http.c"); }
  if( $rel ne 'mail/sender.c' && $t =~ /#\s*include\s*<curl\/curl\.h>/ ){ breach($f, $t, $-[0], "curl.h included outside src/mail/sender.c: messages go through the outbox"); }
  # 7. The fault-injection hook and its helpers are for tests only.
  if( !$inDb && $t =~ /\b(db_fault_\w+|db_digest|db_copy)\s*\(/ ){ breach($f, $t, $-[0], "$1 (for tests) called from the program"); }
}
exit $fail;
PERL

# Every T("key") and i18n key literal exists in both catalogues.
# Key families: add a prefix here when an area adds its own.
if [ "$src" = src ]; then
  families='circulation|outbox|settings|mail|app|layout|login|home|unit|kind|member|error|audit|indicator|role|date|month|meeting|agenda|standing|purpose|attendance|quorum|action|decision|declaration|election|minutes|vote|interest|calendar|pdf|paper|tor|report|qi|pdsa|measure|chart|steeep|spc|run|needs|priority|plan|planpage|planview|planref|finance|sfi|commitment|case|casedoc|project|risk|projissue|register|projdoc|eval|logic|benefit'
  for key in $(grep -rhoE "\"($families)\\.[a-z_0-9.]+[a-z_0-9]\"" src db | tr -d '"' | sort -u); do
    case "$key" in
      app.h|case.docx) continue;;
      # A business case's field codes (src/domain/business_case.h), not catalogue keys.
      case.problem|case.evidence|case.alignment|plan.aim|plan.scope|plan.schedule|plan.deliverables|\
      plan.milestones|plan.measures|plan.communication|plan.staff|plan.dependencies|\
      project.scope|project.goal|project.duration|project.included|project.excluded|project.opportunity_cost) continue;;
    esac
    grep -q "^$key	" i18n/en.txt || breach "key $key missing from i18n/en.txt"
    grep -q "^$key	" i18n/cy.txt || breach "key $key missing from i18n/cy.txt"
  done
fi
[ $fail -eq 0 ] && echo "codecheck: ok"
exit $fail
