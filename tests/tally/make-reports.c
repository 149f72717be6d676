/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "antam-i18n.h"
#include "tally-test-util.h"

/* make-reports MAILDIR COUNT [SEED]: a province's mailbox for the
 * benchmark.  COUNT reports made by the app's own code from the training
 * scenarios, by senders of forty units who spell their unit in more than
 * one way, over three months; some machines report again, some reports
 * are sent twice, some are training, some are from before machine keys. */

static const char * const scenarios[] = {
  "zoom-deb", "eol-pc", "laptop-device", "clean-pc", "zoom-flatpak-fake-installer",
};

static const char * const places[] = {
  "Châu Thành", "Giồng Riềng", "Gò Quao", "An Biên", "An Minh", "Vĩnh Thuận", "Tân Hiệp", "Hòn Đất",
  "Kiên Lương", "Giang Thành", "U Minh Thượng", "Phú Quốc", "Kiên Hải", "Rạch Giá", "Hà Tiên",
};

static const char * const bodies[] = {
  "UBND huyện", "Văn phòng HĐND và UBND huyện", "Phòng Tài chính – Kế hoạch huyện",
};

static const char * const family[] = { "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi" };
static const char * const given[] = { "Thị Lan", "Văn Hùng", "Minh Tuấn", "Thị Hoa", "Quốc Bảo", "Ngọc Hà" };

/* The same unit as its staff write it: diacritics dropped, case and
 * spacing changed. */
static char *
spell (const char *unit,
       guint       variant)
{
  switch (variant % 4)
    {
    case 1:
      return g_utf8_strdown (unit, -1);
    case 2:
      return g_strdup_printf ("  %s ", unit);
    case 3:
      {
        g_autofree char *nfd = g_utf8_normalize (unit, -1, G_NORMALIZE_NFD);
        GString *plain = g_string_new (NULL);

        for (const char *p = nfd; *p; p = g_utf8_next_char (p))
          {
            gunichar c = g_utf8_get_char (p);
            if (!g_unichar_ismark (c))
              g_string_append_unichar (plain, c == 0x0111 ? 'd' : c == 0x0110 ? 'D' : c);
          }
        return g_string_free (plain, FALSE);
      }
    default:
      return g_strdup (unit);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GHashTable) pdfs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_bytes_unref);
  g_autoptr(GRand) rand = NULL;
  const char *maildir;
  guint count, serial = 0, machines;

  setlocale (LC_ALL, "C.UTF-8");
  antam_i18n_init ();
  if (argc < 3)
    {
      g_printerr ("Usage: make-reports MAILDIR COUNT [SEED]\n");
      return 64;
    }
  maildir = argv[1];
  count = (guint) atoi (argv[2]);
  rand = g_rand_new_with_seed (argc > 3 ? (guint32) atoi (argv[3]) : 20261121);
  machines = MAX (1, count / 3);

  for (guint i = 0; i < count; i++)
    {
      guint machine = g_rand_int_range (rand, 0, (gint32) machines);
      guint place = machine % G_N_ELEMENTS (places);
      guint body = (machine / G_N_ELEMENTS (places)) % G_N_ELEMENTS (bodies);
      g_autofree char *unit_name = g_strconcat (bodies[body], " ", places[place], NULL);
      g_autofree char *unit = spell (unit_name, g_rand_int_range (rand, 0, 4));
      g_autofree char *sender = g_strdup_printf ("%s %s", family[machine % G_N_ELEMENTS (family)],
                                                 given[(machine / 8) % G_N_ELEMENTS (given)]);
      g_autofree char *email = g_strdup_printf ("canbo%u@kiengiang.gov.vn", machine);
      g_autofree char *host = g_strdup_printf ("pc-%u", machine);
      g_autofree char *seed = g_strdup_printf ("machine-%u", machine);
      g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 9, 1, 1, 0, 0);
      g_autoptr(GDateTime) when = g_date_time_add_seconds (start, g_rand_double_range (rand, 0, 80 * 86400.0));
      g_autoptr(GTimeZone) vietnam = g_time_zone_new_identifier ("+07:00");
      g_autoptr(GDateTime) local = g_date_time_to_timezone (when, vietnam);
      g_autofree char *created = g_date_time_format_iso8601 (local);
      TtReport spec = {
        scenarios[(machine * 7 + (guint) g_rand_int_range (rand, 0, 2)) % G_N_ELEMENTS (scenarios)],
        unit, NULL, sender, email, host, seed, created,
        g_rand_int_range (rand, 0, 100) < 5,    /* training */
        g_rand_int_range (rand, 0, 1000) < 4,   /* an incident */
        g_rand_int_range (rand, 0, 100) < 15,   /* an unsafe answer */
        machine % 10 == 0 ? TT_OLD_REPORT : TT_MACHINE_KEY,
      };
      g_autoptr(AntamReportModel) model = tt_make_model (&spec);
      g_autofree char *json = tt_report_json (model, &spec);
      GBytes *pdf = g_hash_table_lookup (pdfs, spec.scenario);
      g_autofree char *message = NULL;
      g_autofree char *path = NULL;

      if (pdf == NULL)
        {
          pdf = antam_report_model_to_pdf (model, NULL);
          g_hash_table_insert (pdfs, (gpointer) spec.scenario, pdf);
        }
      message = tt_build_message (model, json, pdf);
      path = tt_write_maildir_message (maildir, message, serial++);
      /* A resend: the same report, once more. */
      if (g_rand_int_range (rand, 0, 100) < 2)
        {
          g_autofree char *again = tt_write_maildir_message (maildir, message, serial++);
        }
    }
  g_print ("%u messages in %s\n", serial, maildir);
  return 0;
}
