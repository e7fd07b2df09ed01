# Failing allocations (reliability R5): with every 7th malloc failing,
# curl's passive downloads through ftppr from pyftpdlib bring back the
# file whole or fail at once; no client hangs, no session is left behind,
# and the process goes on serving.
# supervised: no
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/ftpd.sh"
need curl
mkdir -p "$T/root"
head -c 200000 /dev/urandom >"$T/root/f.bin"
ftpd_start ftpd
P=$(free_port)
FAULT_FILE=$T/root/f.bin \
FAULT_URL="ftp://alice%40127.0.0.1%3A$FTPD_PORT:secret@127.0.0.1:$P/f.bin" \
    malloc_fault_case ftppr ftppr 7 -- -i127.0.0.1 -p"$P"
