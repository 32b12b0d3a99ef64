package main

import (
	"fmt"
	"log"
	"testing"
)

func login(user string, password string, apiKey string, passwordLength int) {
	// ruleid: go.logging.secret-in-log
	log.Printf("login %s with %s", user, password)
	// ruleid: go.logging.secret-in-log
	log.Println("key=" + apiKey)
	// ok: go.logging.secret-in-log
	log.Printf("login %s", user)
	// ok: go.logging.secret-in-log
	log.Printf("password length %d", passwordLength)
}

func notLogging(t *testing.T, repo string, apiKey string, logger *zap.SugaredLogger) error {
	// ok: go.logging.secret-in-log
	t.Errorf("expected %v, got %v", ErrInvalidAuthToken, apiKey)
	// ok: go.logging.secret-in-log
	err := fmt.Errorf("missing API key: '%v'", apiKey)
	// ruleid: go.logging.secret-in-log
	logger.Infof("using key %s", apiKey)
	// ok: go.logging.secret-in-log
	return errors.Fatalf("unable to open repository at %v: %v", location.StripPassword(repo), err)
}

func flags(logger *zap.Logger, shouldLogCredentials bool, isSecret bool, sessionToken string) {
	// A switch about credentials is not a credential.
	// ok: go.logging.secret-in-log
	logger.Debug("headers", zap.Bool("log_credentials", shouldLogCredentials))
	// ok: go.logging.secret-in-log
	log.Printf("secret field: %v", isSecret)
	// ruleid: go.logging.secret-in-log
	log.Printf("session %s", sessionToken)
}
