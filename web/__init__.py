"""The web view of the archive (`serieswatch serve`): pages for analysts, one-click unsubscribe for subscribers."""
