// Small enhancements shared by every page. The site works without this file.
