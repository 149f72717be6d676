/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "antam-page.h"

typedef struct
{
  AntamSession *session;
  char *title;
  char *intro;
} AntamPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (AntamPage, antam_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_TITLE,
  PROP_INTRO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

AntamSession *
antam_page_get_session (AntamPage *self)
{
  AntamPagePrivate *priv = antam_page_get_instance_private (self);

  g_return_val_if_fail (ANTAM_IS_PAGE (self), NULL);
  return priv->session;
}

void
antam_page_set_session (AntamPage    *self,
                        AntamSession *session)
{
  AntamPagePrivate *priv = antam_page_get_instance_private (self);

  g_return_if_fail (ANTAM_IS_PAGE (self));
  g_return_if_fail (session == NULL || ANTAM_IS_SESSION (session));

  if (priv->session != NULL)
    g_signal_handlers_disconnect_by_data (priv->session, self);
  g_set_object (&priv->session, session);
  if (ANTAM_PAGE_GET_CLASS (self)->session_changed != NULL)
    ANTAM_PAGE_GET_CLASS (self)->session_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

const char *
antam_page_get_title (AntamPage *self)
{
  AntamPagePrivate *priv = antam_page_get_instance_private (self);

  g_return_val_if_fail (ANTAM_IS_PAGE (self), NULL);
  return priv->title;
}

const char *
antam_page_get_intro (AntamPage *self)
{
  AntamPagePrivate *priv = antam_page_get_instance_private (self);

  g_return_val_if_fail (ANTAM_IS_PAGE (self), NULL);
  return priv->intro;
}

static void
antam_page_dispose (GObject *object)
{
  AntamPage *self = ANTAM_PAGE (object);
  AntamPagePrivate *priv = antam_page_get_instance_private (self);

  if (priv->session != NULL)
    g_signal_handlers_disconnect_by_data (priv->session, self);
  g_clear_object (&priv->session);

  G_OBJECT_CLASS (antam_page_parent_class)->dispose (object);
}

static void
antam_page_finalize (GObject *object)
{
  AntamPagePrivate *priv = antam_page_get_instance_private (ANTAM_PAGE (object));

  g_free (priv->title);
  g_free (priv->intro);

  G_OBJECT_CLASS (antam_page_parent_class)->finalize (object);
}

static void
antam_page_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  AntamPagePrivate *priv = antam_page_get_instance_private (ANTAM_PAGE (object));

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, priv->session);
      break;
    case PROP_TITLE:
      g_value_set_string (value, priv->title);
      break;
    case PROP_INTRO:
      g_value_set_string (value, priv->intro);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
antam_page_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  AntamPage *self = ANTAM_PAGE (object);
  AntamPagePrivate *priv = antam_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SESSION:
      antam_page_set_session (self, g_value_get_object (value));
      break;
    case PROP_TITLE:
      g_free (priv->title);
      priv->title = g_value_dup_string (value);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_INTRO:
      g_free (priv->intro);
      priv->intro = g_value_dup_string (value);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
antam_page_class_init (AntamPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = antam_page_dispose;
  object_class->finalize = antam_page_finalize;
  object_class->get_property = antam_page_get_property;
  object_class->set_property = antam_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, ANTAM_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTRO] =
    g_param_spec_string ("intro", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
antam_page_init (AntamPage *self)
{
}
