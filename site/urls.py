from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from eyesandears.core import language_views
from eyesandears.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    # Sign-in to the admin goes through allauth, so its rate limits and MFA apply there too.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("licensing.api")),
    path("language/", language_views.choose_language, name="choose_language"),
]

# Pages people read are in their language: English has no prefix, /ur/ and /pl/ the others.
learner_patterns = [
    path("", include("eyesandears.accounts.urls")),  # privacy notice, "Your data", closing an account
    path("accounts/", include("allauth.urls")),
    path("", include("courses.urls")),
    path("", include("quizzes.urls")),
    path("", include("certificates.urls")),
    path("", include("organisations.urls")),
    path("", include("licensing.urls")),
    path("", include("briefings.urls")),
    path("", include("seminars.urls")),
    path("", include("outreach.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.BENCH_BARE_VIEW:
    urlpatterns += [path("bench/bare/", core_views.bench_bare, name="bench_bare")]

urlpatterns += i18n_patterns(*learner_patterns, path("", include(wagtail_urls)), prefix_default_language=False)
