"""A GraphiQL page for browsers, since Saleor 2.10's wheel ships no templates."""
from django.http import HttpResponse

GRAPHIQL_HTML = """<!doctype html>
<html>
<head>
  <meta charset="utf-8">
  <title>Saleor + loyalty GraphQL</title>
  <link rel="stylesheet" href="https://unpkg.com/graphiql@3.0.10/graphiql.min.css">
  <style>html, body, #graphiql { height: 100%%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL&hellip; (it needs unpkg.com; the API itself works offline)</div>
  <script src="https://unpkg.com/react@18/umd/react.production.min.js"></script>
  <script src="https://unpkg.com/react-dom@18/umd/react-dom.production.min.js"></script>
  <script src="https://unpkg.com/graphiql@3.0.10/graphiql.min.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: window.location.href });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, {
        fetcher: fetcher,
        defaultQuery: %s,
        headerEditorEnabled: true,
        shouldPersistHeaders: true,
      })
    );
  </script>
</body>
</html>
"""

DEFAULT_QUERY = """# Sign in with tokenCreate, then add the header
# {"Authorization": "%s <token>"} and run myLoyalty.
query Program {
  loyaltyProgram { isActive pointsPerCurrencyUnit awardTrigger pendingDays }
}
"""


def graphiql_response(auth_scheme: str) -> HttpResponse:
    import json

    return HttpResponse(GRAPHIQL_HTML % json.dumps(DEFAULT_QUERY % auth_scheme))
