"""The site as a whole, at the top of the house: serving it (`manumit serve`), the health
check, robots.txt, the favicon's address and the friendly error pages. It may import every
app below it; nothing imports it but the project's urls.py."""
