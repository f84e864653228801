#!/usr/bin/env bash
# A PostgreSQL role and database for kb, made as the postgres superuser (run it as root, as
# a sudoer, or as postgres); prints the URL to export.  Running it again changes nothing.
#
#   scripts/postgres-setup.sh [ROLE [DATABASE [PASSWORD]]]      (defaults: kb kb kb)
#
# The role may create databases: the tests (KB_TEST_POSTGRES_URL) make one per test.
set -euo pipefail
role="${1:-kb}"
database="${2:-kb}"
password="${3:-kb}"

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"
  elif [ "$(id -u)" = 0 ]; then su postgres -c "$(printf '%q ' "$@")"
  else sudo -u postgres "$@"
  fi
}

# psql variables (:'name') quote the values: a role or password with quotes stays data.
as_postgres psql -X -q -v ON_ERROR_STOP=1 -v role="$role" -v password="$password" \
  -v database="$database" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role')
\gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'database')
\gexec
SQL
echo "export KB_DATABASE_URL=postgresql://$role:$password@localhost/$database"
