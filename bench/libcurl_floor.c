/* The floor figure 8's aws goal stands on: a C program that does nothing but fetch one
 * URL through Debian's libcurl (argv[1], the body discarded), so that its peak RSS is
 * what libcurl and the libraries it links (OpenSSL, GnuTLS, Kerberos, LDAP, RTMP, SSH,
 * ...) cost any process that uses it, before a single line of joinery runs.
 * Exit 0 when the transfer completed (whatever the HTTP status), 1 otherwise. */
#include <curl/curl.h>
#include <stdio.h>

static size_t discard(char *data, size_t size, size_t count, void *user) {
  (void)data;
  (void)user;
  return size * count;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s URL\n", argv[0]);
    return 2;
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return 1;
  CURL *easy = curl_easy_init();
  if (easy == NULL) return 1;
  curl_easy_setopt(easy, CURLOPT_URL, argv[1]);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard);
  const CURLcode done = curl_easy_perform(easy);
  if (done != CURLE_OK) fprintf(stderr, "%s: %s\n", argv[1], curl_easy_strerror(done));
  curl_easy_cleanup(easy);
  curl_global_cleanup();
  return done == CURLE_OK ? 0 : 1;
}
