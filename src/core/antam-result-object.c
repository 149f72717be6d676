/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "antam-result-object.h"

struct _AntamResultObject
{
  GObject parent_instance;

  AntamResult *result;
};

G_DEFINE_FINAL_TYPE (AntamResultObject, antam_result_object, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RESULT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
antam_result_object_finalize (GObject *object)
{
  AntamResultObject *self = ANTAM_RESULT_OBJECT (object);

  g_clear_pointer (&self->result, antam_result_unref);

  G_OBJECT_CLASS (antam_result_object_parent_class)->finalize (object);
}

static void
antam_result_object_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AntamResultObject *self = ANTAM_RESULT_OBJECT (object);

  switch (prop_id)
    {
    case PROP_RESULT:
      g_value_set_boxed (value, self->result);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
antam_result_object_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AntamResultObject *self = ANTAM_RESULT_OBJECT (object);

  switch (prop_id)
    {
    case PROP_RESULT:
      self->result = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
antam_result_object_class_init (AntamResultObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = antam_result_object_finalize;
  object_class->get_property = antam_result_object_get_property;
  object_class->set_property = antam_result_object_set_property;

  properties[PROP_RESULT] =
    g_param_spec_boxed ("result", NULL, NULL, ANTAM_TYPE_RESULT,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
antam_result_object_init (AntamResultObject *self)
{
}

AntamResultObject *
antam_result_object_new (AntamResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return g_object_new (ANTAM_TYPE_RESULT_OBJECT, "result", result, NULL);
}

/**
 * antam_result_object_get_result:
 *
 * Returns: (transfer none): the result
 */
AntamResult *
antam_result_object_get_result (AntamResultObject *self)
{
  g_return_val_if_fail (ANTAM_IS_RESULT_OBJECT (self), NULL);
  return self->result;
}

/**
 * antam_result_object_compare_worst_first:
 *
 * A #GCompareDataFunc for a sorter: the worst status first, as a user
 * should act on them.  Sorters are stable, so within a status the checks
 * keep their order.
 */
int
antam_result_object_compare_worst_first (gconstpointer a,
                                         gconstpointer b,
                                         gpointer      user_data)
{
  AntamResult *ra = ANTAM_RESULT_OBJECT ((gpointer) a)->result;
  AntamResult *rb = ANTAM_RESULT_OBJECT ((gpointer) b)->result;

  return (int) rb->status - (int) ra->status;
}
