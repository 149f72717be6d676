/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "antam-result.h"

G_BEGIN_DECLS

/* The wizard's guided content that is not read from the machine: the
 * questions of measures 3 and 4 (data/rules/questions.json) and the domestic
 * vendors of measure 2 (data/rules/alternatives.json).  Both are data so that
 * an agency can edit them; both carry every text in "vi" and "en". */

typedef enum {
  ANTAM_ANSWER_NONE,      /* not answered yet */
  ANTAM_ANSWER_YES,
  ANTAM_ANSWER_NO,
  ANTAM_ANSWER_NOT_SURE,
} AntamAnswer;

/* Each question asks one fact, plainly ("Anh/chị có … không?"), so that
 * "Có" and "Không" mean what they say; which of them is safe is the
 * question's own (safe_answer), and what the other one costs (severity). */
typedef struct {
  char *id;               /* stable: the key answers are saved under */
  char *check;            /* "meeting-hygiene" or "data-handling" */
  char *topic_vi, *topic_en;  /* short: the result's title */
  char *text_vi, *text_en;    /* the question */
  char *why_vi, *why_en;
  char *how_vi, *how_en;
  AntamAnswer safe_answer;    /* yes or no */
  AntamStatus severity;       /* of the other answer: warning or risk */
} AntamQuestion;

typedef struct {
  GPtrArray *questions;   /* AntamQuestion, in the file's order */
  char *source_vi, *source_en;
} AntamQuestions;

typedef struct {
  char *id;
  char *name;             /* the vendor's name as the letter writes it */
  char *note_vi, *note_en;    /* optional: what an agency adds */
  char *url;              /* optional: only what an agency stands behind */
} AntamVendor;

typedef struct {
  GPtrArray *vendors;     /* AntamVendor */
  char *source_vi, *source_en;
} AntamAlternatives;

const char      *antam_answer_to_string      (AntamAnswer          answer);
gboolean         antam_answer_from_string    (const char          *text,
                                              AntamAnswer         *answer);
const char      *antam_answer_display_name   (AntamAnswer          answer);

const char      *antam_question_topic        (const AntamQuestion *question);
const char      *antam_question_text         (const AntamQuestion *question);
const char      *antam_question_why          (const AntamQuestion *question);
const char      *antam_question_how          (const AntamQuestion *question);
AntamStatus      antam_question_judge        (const AntamQuestion *question,
                                              AntamAnswer          answer);

AntamQuestions  *antam_questions_parse       (const char          *display_name,
                                              const char          *contents,
                                              gssize               length,
                                              GError             **error);
AntamQuestions  *antam_questions_load_default (GError            **error);
void             antam_questions_free        (AntamQuestions      *questions);
const AntamQuestion *antam_questions_lookup  (AntamQuestions      *questions,
                                              const char          *id);
GPtrArray       *antam_questions_to_results  (AntamQuestions      *questions,
                                              GHashTable          *answers);

AntamAlternatives *antam_alternatives_parse  (const char          *display_name,
                                              const char          *contents,
                                              gssize               length,
                                              GError             **error);
AntamAlternatives *antam_alternatives_load_default (GError          **error);
void             antam_alternatives_free     (AntamAlternatives   *alternatives);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamQuestions, antam_questions_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamAlternatives, antam_alternatives_free)

G_END_DECLS
