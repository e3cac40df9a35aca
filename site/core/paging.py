from django.core.paginator import Paginator


def paged(request, items, *, per_page, label, parameter="page"):
    """One page of a long list, with previous and next links that keep the rest of the query string
    (filters, and the page of any other list on the same page). Render with includes/pagination.html."""
    page = Paginator(items, per_page).get_page(request.GET.get(parameter))

    def link(number):
        query = request.GET.copy()
        query[parameter] = number
        return f"?{query.urlencode()}"

    return {
        "page": page,
        "label": label,
        "previous": link(page.previous_page_number()) if page.has_previous() else "",
        "next": link(page.next_page_number()) if page.has_next() else "",
    }
