/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <string.h>

#include "checks/antam-nftables-private.h"

/* A firewall protects when a new connection from outside, to a port no
 * rule names, ends up dropped or rejected.  Such a packet matches no
 * condition ("tcp dport 22", "ct state established", "iifname lo"), so it
 * is followed through the input chains taking only the rules without one:
 * an unconditional accept lets it in, an unconditional drop or reject, or
 * a drop policy at the end of a base chain, stops it.  A chain that accepts
 * everything but drops "ct state invalid" packets lets everything in. */

#define MAX_JUMP_DEPTH 16

typedef enum {
  VERDICT_NONE,      /* fell through: on to the next rule, or the policy */
  VERDICT_ACCEPT,
  VERDICT_BLOCK,
} Verdict;

/* ---- ruleset files ("table inet filter { chain input { … } }") ---------- */

typedef struct {
  char *name;
  char *body;
} TextChain;

static void
text_chain_free (TextChain *chain)
{
  g_free (chain->name);
  g_free (chain->body);
  g_free (chain);
}

/* Drops "# ..." comments, which nft allows at the end of any line. */
static char *
strip_comments (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *hash = strchr (lines[i], '#');
      if (hash != NULL)
        *hash = '\0';
    }
  return g_strjoinv ("\n", lines);
}

/* Every "chain NAME { ... }" with its body, nested braces included. */
static GPtrArray *
split_chains (const char *clean)
{
  g_autoptr(GRegex) regex = g_regex_new ("\\bchain\\s+([^\\s{]+)\\s*\\{", G_REGEX_OPTIMIZE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *chains = g_ptr_array_new_with_free_func ((GDestroyNotify) text_chain_free);

  g_regex_match (regex, clean, 0, &match);
  while (g_match_info_matches (match))
    {
      TextChain *chain = g_new0 (TextChain, 1);
      int start, end;
      int depth = 1;
      const char *p;

      g_match_info_fetch_pos (match, 0, &start, &end);
      for (p = clean + end; *p != '\0' && depth > 0; p++)
        {
          if (*p == '{')
            depth++;
          else if (*p == '}')
            depth--;
        }
      chain->name = g_match_info_fetch (match, 1);
      chain->body = g_strndup (clean + end, (gsize) (p - (clean + end)));
      g_ptr_array_add (chains, chain);
      g_match_info_next (match, NULL);
    }
  return chains;
}

static const TextChain *
find_text_chain (GPtrArray  *chains,
                 const char *name)
{
  for (guint i = 0; i < chains->len; i++)
    {
      const TextChain *chain = g_ptr_array_index (chains, i);
      if (g_str_equal (chain->name, name))
        return chain;
    }
  return NULL;
}

/* The words of a statement that neither match nor decide: "counter",
 * "log prefix "x" level info", and the counter's figures. */
static guint
skip_transparent (char **words,
                  guint  i)
{
  static const char * const with_value[] = {
    "prefix", "level", "flags", "packets", "bytes", "group", "snaplen", "queue-threshold", "comment",
  };

  while (words[i] != NULL)
    {
      gboolean has_value = FALSE;

      if (g_str_equal (words[i], "counter") || g_str_equal (words[i], "log"))
        {
          i++;
          continue;
        }
      for (guint k = 0; k < G_N_ELEMENTS (with_value); k++)
        if (g_str_equal (words[i], with_value[k]))
          has_value = TRUE;
      if (!has_value || words[i + 1] == NULL)
        break;
      i += 2;
    }
  return i;
}

static Verdict text_chain_verdict (GPtrArray       *chains,
                                   const TextChain *chain,
                                   guint            depth,
                                   gboolean        *is_goto);

/* One statement of a chain body: a rule, or "type … hook …", "policy …". */
static Verdict
text_statement_verdict (GPtrArray  *chains,
                        const char *statement,
                        guint       depth,
                        gboolean   *final)
{
  g_auto(GStrv) words = NULL;
  const char *verb;
  guint i;

  *final = FALSE;
  if (!g_shell_parse_argv (statement, NULL, &words, NULL))
    return VERDICT_NONE;
  i = skip_transparent (words, 0);
  verb = words[i];
  if (verb == NULL)
    return VERDICT_NONE;
  if (g_str_equal (verb, "accept"))
    return VERDICT_ACCEPT;
  if (g_str_equal (verb, "drop") || g_str_equal (verb, "reject"))
    return VERDICT_BLOCK;
  if (g_str_equal (verb, "return"))
    {
      *final = TRUE;
      return VERDICT_NONE;
    }
  if ((g_str_equal (verb, "jump") || g_str_equal (verb, "goto")) && words[i + 1] != NULL)
    {
      const TextChain *target = find_text_chain (chains, words[i + 1]);
      gboolean unused;
      Verdict verdict;

      if (target == NULL || depth >= MAX_JUMP_DEPTH)
        return VERDICT_NONE;
      verdict = text_chain_verdict (chains, target, depth + 1, &unused);
      /* After a goto, the end of the target is the end of this chain too. */
      *final = g_str_equal (verb, "goto");
      return verdict;
    }
  /* Anything else matches something first: not taken by our packet. */
  return VERDICT_NONE;
}

/* A chain body's statements: each ends at a new line or ";", except inside
 * a set ("tcp dport { 22,\n 80 } accept") or a quoted string; the body
 * ends at its closing brace. */
static GPtrArray *
split_statements (const char *body)
{
  GPtrArray *statements = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) current = g_string_new (NULL);
  gboolean quoted = FALSE;
  int depth = 0;

  for (const char *p = body; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == '{')
        depth++;
      else if (!quoted && *p == '}' && depth-- == 0)
        break;
      else if (!quoted && depth == 0 && (*p == '\n' || *p == ';'))
        {
          g_ptr_array_add (statements, g_strstrip (g_strdup (current->str)));
          g_string_truncate (current, 0);
          continue;
        }
      g_string_append_c (current, *p == '\n' ? ' ' : *p);
    }
  g_ptr_array_add (statements, g_strstrip (g_strdup (current->str)));
  return statements;
}

static Verdict
text_chain_verdict (GPtrArray       *chains,
                    const TextChain *chain,
                    guint            depth,
                    gboolean        *ended)
{
  g_autoptr(GPtrArray) statements = split_statements (chain->body);

  *ended = FALSE;
  for (guint i = 0; i < statements->len; i++)
    {
      const char *statement = g_ptr_array_index (statements, i);
      gboolean final = FALSE;
      Verdict verdict;

      if (statement[0] == '\0' || g_str_has_prefix (statement, "type ") ||
          g_str_has_prefix (statement, "policy ") || g_str_has_prefix (statement, "comment "))
        continue;
      verdict = text_statement_verdict (chains, statement, depth, &final);
      if (verdict != VERDICT_NONE)
        return verdict;
      if (final)
        {
          *ended = TRUE;
          return VERDICT_NONE;
        }
    }
  return VERDICT_NONE;
}

static gboolean
text_policy_drops (const char *body)
{
  g_autoptr(GRegex) regex = g_regex_new ("\\bpolicy\\s+drop\\b", G_REGEX_OPTIMIZE, 0, NULL);
  return g_regex_match (regex, body, 0, NULL);
}

/**
 * antam_nftables_text_blocks_input:
 * @text: an nft ruleset file, as /etc/nftables.conf
 *
 * Whether the ruleset has an input-hook chain that stops a new connection
 * no rule names.  Debian's stock file hooks input but accepts everything.
 */
gboolean
antam_nftables_text_blocks_input (const char *text)
{
  g_autofree char *clean = strip_comments (text);
  g_autoptr(GPtrArray) chains = split_chains (clean);
  g_autoptr(GRegex) hook = g_regex_new ("\\bhook\\s+input\\b", G_REGEX_OPTIMIZE, 0, NULL);

  for (guint i = 0; i < chains->len; i++)
    {
      const TextChain *chain = g_ptr_array_index (chains, i);
      gboolean ended = FALSE;
      Verdict verdict;

      if (!g_regex_match (hook, chain->body, 0, NULL))
        continue;
      verdict = text_chain_verdict (chains, chain, 0, &ended);
      if (verdict == VERDICT_BLOCK || (verdict == VERDICT_NONE && text_policy_drops (chain->body)))
        return TRUE;
    }
  return FALSE;
}

/* ---- the running ruleset (`nft -j list ruleset`) ------------------------ */

typedef struct {
  GHashTable *rules;    /* "family/table/chain" → GPtrArray of cJSON rule exprs */
} JsonRuleset;

static gboolean
json_is (const cJSON *object,
         const char  *key,
         const char  *value)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);
  return cJSON_IsString (item) && g_strcmp0 (item->valuestring, value) == 0;
}

static char *
chain_key (const cJSON *object,
           const char  *name_key)
{
  const cJSON *family = cJSON_GetObjectItemCaseSensitive (object, "family");
  const cJSON *table = cJSON_GetObjectItemCaseSensitive (object, "table");
  const cJSON *name = cJSON_GetObjectItemCaseSensitive (object, name_key);

  if (!cJSON_IsString (family) || !cJSON_IsString (table) || !cJSON_IsString (name))
    return NULL;
  return g_strdup_printf ("%s/%s/%s", family->valuestring, table->valuestring, name->valuestring);
}

static Verdict json_chain_verdict (JsonRuleset *ruleset,
                                   const char  *key,
                                   guint        depth,
                                   gboolean    *ended);

/* One rule's expressions: statements that neither match nor decide
 * (counter, log, limit-free) are passed over; any other is a match, and
 * our packet does not take the rule. */
static Verdict
json_rule_verdict (JsonRuleset *ruleset,
                   const cJSON *expr,
                   const char  *key,
                   guint        depth,
                   gboolean    *final)
{
  const cJSON *statement;

  *final = FALSE;
  cJSON_ArrayForEach (statement, expr)
    {
      const cJSON *verb = statement->child;

      if (!cJSON_IsObject (statement) || verb == NULL || verb->string == NULL)
        return VERDICT_NONE;
      if (g_str_equal (verb->string, "counter") || g_str_equal (verb->string, "log"))
        continue;
      if (g_str_equal (verb->string, "accept"))
        return VERDICT_ACCEPT;
      if (g_str_equal (verb->string, "drop") || g_str_equal (verb->string, "reject"))
        return VERDICT_BLOCK;
      if (g_str_equal (verb->string, "jump") || g_str_equal (verb->string, "goto"))
        {
          const cJSON *target = cJSON_GetObjectItemCaseSensitive (verb, "target");
          g_autofree char *prefix = g_strndup (key, (gsize) (strrchr (key, '/') - key));
          g_autofree char *target_key = NULL;
          gboolean unused;
          Verdict verdict;

          if (!cJSON_IsString (target) || depth >= MAX_JUMP_DEPTH)
            return VERDICT_NONE;
          target_key = g_strdup_printf ("%s/%s", prefix, target->valuestring);
          verdict = json_chain_verdict (ruleset, target_key, depth + 1, &unused);
          *final = g_str_equal (verb->string, "goto");
          return verdict;
        }
      /* The end of this chain, back to the one that jumped here. */
      if (g_str_equal (verb->string, "return"))
        {
          *final = TRUE;
          return VERDICT_NONE;
        }
      /* match, limit, meta set…: not taken by our packet. */
      return VERDICT_NONE;
    }
  return VERDICT_NONE;
}

static Verdict
json_chain_verdict (JsonRuleset *ruleset,
                    const char  *key,
                    guint        depth,
                    gboolean    *ended)
{
  GPtrArray *rules = g_hash_table_lookup (ruleset->rules, key);

  *ended = FALSE;
  for (guint i = 0; rules != NULL && i < rules->len; i++)
    {
      gboolean final = FALSE;
      Verdict verdict = json_rule_verdict (ruleset, g_ptr_array_index (rules, i), key, depth, &final);

      if (verdict != VERDICT_NONE)
        return verdict;
      if (final)
        {
          *ended = TRUE;
          return VERDICT_NONE;
        }
    }
  return VERDICT_NONE;
}

/**
 * antam_nftables_json_blocks_input:
 * @json: the output of `nft -j list ruleset`
 *
 * The running kernel's view, which also covers ufw and firewalld (both end
 * up as nftables rules) and iptables-nft: whether an input-hook chain
 * stops a new connection no rule names.
 */
gboolean
antam_nftables_json_blocks_input (const char *json)
{
  g_autoptr(GPtrArray) base_chains = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) drop_policies = g_ptr_array_new ();
  JsonRuleset ruleset = { 0 };
  cJSON *root = cJSON_Parse (json);
  const cJSON *entries = root ? cJSON_GetObjectItemCaseSensitive (root, "nftables") : NULL;
  const cJSON *entry;
  gboolean blocks = FALSE;

  ruleset.rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  cJSON_ArrayForEach (entry, entries)
    {
      const cJSON *chain = cJSON_GetObjectItemCaseSensitive (entry, "chain");
      const cJSON *rule = cJSON_GetObjectItemCaseSensitive (entry, "rule");

      if (chain != NULL && json_is (chain, "hook", "input"))
        {
          char *key = chain_key (chain, "name");

          if (key == NULL)
            continue;
          g_ptr_array_add (base_chains, key);
          g_ptr_array_add (drop_policies, GINT_TO_POINTER (json_is (chain, "policy", "drop")));
        }
      else if (rule != NULL)
        {
          g_autofree char *key = chain_key (rule, "chain");
          const cJSON *expr = cJSON_GetObjectItemCaseSensitive (rule, "expr");
          GPtrArray *list;

          if (key == NULL || !cJSON_IsArray (expr))
            continue;
          list = g_hash_table_lookup (ruleset.rules, key);
          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (ruleset.rules, g_strdup (key), list);
            }
          g_ptr_array_add (list, (gpointer) expr);
        }
    }

  /* A packet goes through every input base chain until one stops it. */
  for (guint i = 0; i < base_chains->len && !blocks; i++)
    {
      gboolean ended = FALSE;
      Verdict verdict = json_chain_verdict (&ruleset, g_ptr_array_index (base_chains, i), 0, &ended);

      blocks = verdict == VERDICT_BLOCK ||
               (verdict == VERDICT_NONE && GPOINTER_TO_INT (g_ptr_array_index (drop_policies, i)));
    }

  g_hash_table_unref (ruleset.rules);
  cJSON_Delete (root);
  return blocks;
}
