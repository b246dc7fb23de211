/* Test shim (LD_PRELOAD): rename() fails with EIO when its target contains $BTL_FAIL_RENAME, so a test can make
 * the last step of an atomic write fail after the temporary file is complete. Every other rename is passed on. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

int rename(const char* from, const char* to)
{
  const char* pattern = getenv("BTL_FAIL_RENAME");
  if (pattern && *pattern && to && strstr(to, pattern)) {
    errno = EIO;
    return -1;
  }
  int (*real)(const char*, const char*) = (int (*)(const char*, const char*))dlsym(RTLD_NEXT, "rename");
  return real(from, to);
}
