from django.contrib import admin

admin.site.site_header = "Atrocity Prevention Knowledge Base: editors"
admin.site.site_title = "Knowledge base admin"
admin.site.index_title = "Curate actors, instruments and case studies"
