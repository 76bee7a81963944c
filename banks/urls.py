from banks.anki import urls as anki_urls

app_name = "banks"
urlpatterns = [
    *anki_urls.urlpatterns,
]
