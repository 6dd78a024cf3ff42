"""Points expiry: the scheduled job that writes EXPIRE rows and the reads about them."""
