/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "util/antam-debversion.h"

#define N_GENERATED 4000
#define SEED 20201012

static int
sign (int value)
{
  return value < 0 ? -1 : value > 0 ? 1 : 0;
}

static void
test_debversion_edge_cases (void)
{
  static const struct {
    const char *a;
    const char *b;
    int expected;
  } cases[] = {
    { "1.0", "1.0", 0 },
    { "1.0", "1.00", 0 },
    { "1.0-0", "1.0", 0 },        /* an empty revision is "0" */
    { "0:1.0", "1.0", 0 },
    { "00:1.0", "0:1.0", 0 },
    { "1.0~rc1", "1.0", -1 },     /* '~' before the end */
    { "1.0~~", "1.0~", -1 },
    { "1.0~~a", "1.0~~", 1 },
    { "1.0~", "1.0", -1 },
    { "1.0", "1.0+b1", -1 },
    { "1.0a", "1.0", 1 },
    { "1.0a", "1.0+", -1 },       /* letters before non-letters */
    { "1.0a", "1.0.", -1 },
    { "1.0Z", "1.0a", -1 },       /* ASCII among letters */
    { "1.0", "1:0.1", -1 },       /* the epoch first */
    { "2:1.0", "10:0.1", -1 },
    { "1.2", "1.10", -1 },        /* digit runs as numbers */
    { "1.002", "1.2", 0 },
    { "1.0-1", "1.0-2", -1 },
    { "1.0-1.1", "1.0-1", 1 },
    { "1.0-1~bpo1", "1.0-1", -1 },
    { "1.0-a-1", "1.0-a-2", -1 },  /* the last hyphen splits */
    { "2.6.1", "2.6.2", -1 },
    { "20230311+deb12u1", "20250419~deb12u2", -1 },
    { "1.0.9-2+b6", "1.0.9-2+deb12u1", -1 },
    { "1:2.66-4+deb12u2+b2", "1:2.66-4+deb12u3+b1", -1 },
    { "252.38-1~deb12u1", "252.39-1~deb12u2", -1 },
    { "6.1.0-18-amd64", "6.1.0-21-amd64", -1 },
    { "5.15.0-91-generic", "5.15.0-101-generic", -1 },
    { "99999999999999999999:1", "99999999999999999998:2", 1 },
    { "1.0", NULL, 1 },
    { NULL, NULL, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int got = sign (antam_debversion_compare (cases[i].a, cases[i].b));
      int back = sign (antam_debversion_compare (cases[i].b, cases[i].a));

      if (got != cases[i].expected || back != -cases[i].expected)
        g_error ("compare (%s, %s) = %d (reverse %d), expected %d",
                 cases[i].a, cases[i].b, got, back, cases[i].expected);
    }
}

static void
test_debversion_valid (void)
{
  g_assert_true (antam_debversion_is_valid ("1.0"));
  g_assert_true (antam_debversion_is_valid ("1:2.0-1~bpo1"));
  g_assert_true (antam_debversion_is_valid ("1:2:0-1"));
  g_assert_true (antam_debversion_is_valid ("1.0-a-1"));
  g_assert_false (antam_debversion_is_valid (""));
  g_assert_false (antam_debversion_is_valid ("a1.0"));
  g_assert_false (antam_debversion_is_valid ("1.0-"));
  g_assert_false (antam_debversion_is_valid ("1.0 2"));
  g_assert_false (antam_debversion_is_valid ("x:1.0"));
  g_assert_false (antam_debversion_is_valid ("1:"));
  g_assert_false (antam_debversion_is_valid ("1.0-1:2"));
  g_assert_false (antam_debversion_is_valid ("1.0_1"));
}

static char
pick (GRand      *rand,
      const char *alphabet)
{
  return alphabet[g_rand_int_range (rand, 0, (gint32) strlen (alphabet))];
}

/* A random version dpkg accepts, drawn from "0123456789.~+-:abAB":
 * optional epoch, upstream starting with a digit (':' only after an epoch,
 * '-' only before a revision), optional revision. */
static char *
random_version (GRand *rand)
{
  GString *v = g_string_new (NULL);
  gboolean epoch = g_rand_int_range (rand, 0, 4) == 0;
  gboolean revision = g_rand_boolean (rand);
  int len = g_rand_int_range (rand, 0, 9);
  GString *upstream_chars = g_string_new ("0123456789012345.~+abAB");

  if (epoch)
    {
      if (g_rand_int_range (rand, 0, 5) == 0)
        g_string_append_c (v, '0');
      g_string_append_printf (v, "%d:", g_rand_int_range (rand, 0, 4));
      g_string_append_c (upstream_chars, ':');
    }
  if (revision)
    g_string_append_c (upstream_chars, '-');

  g_string_append_c (v, pick (rand, "0123456789"));
  for (int i = 0; i < len; i++)
    g_string_append_c (v, pick (rand, upstream_chars->str));

  if (revision)
    {
      int rlen = g_rand_int_range (rand, 1, 6);
      g_string_append_c (v, '-');
      for (int i = 0; i < rlen; i++)
        g_string_append_c (v, pick (rand, "0123456789.~+abAB"));
    }

  g_string_free (upstream_chars, TRUE);
  return g_string_free (v, FALSE);
}

/* Versions that differ little: where the order is decided deep inside. */
static char *
mutate (GRand      *rand,
        const char *version)
{
  for (int attempt = 0; attempt < 20; attempt++)
    {
      GString *v = g_string_new (version);
      guint pos = g_rand_int_range (rand, 0, (gint32) v->len + 1);

      switch (g_rand_int_range (rand, 0, 5))
        {
        case 4:
          /* Equal in dpkg's eyes: a zero epoch. */
          if (strchr (v->str, ':') == NULL)
            g_string_prepend (v, "0:");
          break;
        case 0:
          g_string_insert_c (v, pos, pick (rand, "0123456789.~+abAB"));
          break;
        case 1:
          if (pos < v->len)
            g_string_erase (v, pos, 1);
          break;
        case 2:
          if (pos < v->len)
            v->str[pos] = pick (rand, "0123456789.~+abAB");
          break;
        default:
          g_string_append_c (v, pick (rand, "~0a"));
          break;
        }
      if (antam_debversion_is_valid (v->str))
        return g_string_free (v, FALSE);
      g_string_free (v, TRUE);
    }
  return g_strdup (version);
}

static void
test_debversion_against_dpkg (void)
{
  g_autofree char *dpkg = g_find_program_in_path ("dpkg");
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autoptr(GPtrArray) a = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) b = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) script = g_string_new ("set -u\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *script_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  guint disagreements = 0, n_less = 0, n_equal = 0, n_greater = 0;
  int fd, status;

  if (dpkg == NULL)
    {
      g_test_skip ("dpkg is not installed, so there is nothing to compare with");
      return;
    }

  while (a->len < N_GENERATED)
    {
      char *va = random_version (rand);
      char *vb = g_rand_boolean (rand) ? mutate (rand, va) : random_version (rand);

      if (!antam_debversion_is_valid (va) || !antam_debversion_is_valid (vb))
        {
          g_free (va);
          g_free (vb);
          continue;
        }
      g_ptr_array_add (a, va);
      g_ptr_array_add (b, vb);
      /* The characters are all safe inside single quotes. */
      g_string_append_printf (script,
                              "if dpkg --compare-versions '%s' lt '%s'; then echo '<'; "
                              "elif dpkg --compare-versions '%s' eq '%s'; then echo '='; "
                              "else echo '>'; fi\n", va, vb, va, vb);
    }

  fd = g_file_open_tmp ("antam-debversion-XXXXXX.sh", &script_path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (script_path, script->str, (gssize) script->len, &error));
  g_assert_no_error (error);
  close (fd);

  {
    const char *argv[] = { "sh", script_path, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                  &out, &err, &status, &error);
  }
  g_unlink (script_path);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* dpkg warns about versions it finds malformed: there must be none. */
  g_assert_cmpstr (err, ==, "");

  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, N_GENERATED + 1);
  for (guint i = 0; i < N_GENERATED; i++)
    {
      int expected = lines[i][0] == '<' ? -1 : lines[i][0] == '=' ? 0 : 1;
      int got = sign (antam_debversion_compare (g_ptr_array_index (a, i), g_ptr_array_index (b, i)));

      n_less += expected < 0;
      n_equal += expected == 0;
      n_greater += expected > 0;
      if (got != expected)
        {
          disagreements++;
          g_test_message ("disagree: %s vs %s: dpkg %d, An Tâm %d",
                          (char *) g_ptr_array_index (a, i), (char *) g_ptr_array_index (b, i),
                          expected, got);
        }
    }

  g_test_message ("%u generated pairs: dpkg said < %u, = %u, > %u; %u disagreements",
                  N_GENERATED, n_less, n_equal, n_greater, disagreements);
  g_assert_cmpuint (disagreements, ==, 0);
  /* A generator that only makes one kind of pair tests little. */
  g_assert_cmpuint (n_less, >, N_GENERATED / 10);
  g_assert_cmpuint (n_greater, >, N_GENERATED / 10);
  g_assert_cmpuint (n_equal, >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/debversion/edge-cases", test_debversion_edge_cases);
  g_test_add_func ("/debversion/valid", test_debversion_valid);
  g_test_add_func ("/debversion/against-dpkg", test_debversion_against_dpkg);

  return g_test_run ();
}
