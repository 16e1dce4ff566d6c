from django.http import HttpResponse


def home(request):  # replaced by the public-archive issue
    return HttpResponse("Ministerial Meetings Archive")
